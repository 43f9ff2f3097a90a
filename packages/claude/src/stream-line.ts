// One line of `claude -p --output-format stream-json --verbose`, read into a small typed union.
// The CLI adds line types and fields from version to version: anything unknown is `other`, anything
// that is not a JSON object is `garbage`; neither is an error.

export interface ResultMessage {
  subtype: string;
  isError: boolean;
  /** Final text; absent for error_max_turns and error_max_budget_usd. */
  text?: string;
  /** Present on error_max_turns / error_max_budget_usd / error_during_execution. */
  errors: string[];
  numTurns?: number;
  durationMs?: number;
  /** Cumulative over a resumed session. */
  totalCostUsd?: number;
  usage?: {
    inputTokens: number;
    outputTokens: number;
    cacheReadInputTokens: number;
    cacheCreationInputTokens: number;
  };
  sessionId?: string;
  permissionDenials: Array<{ toolName: string; toolInput?: unknown }>;
  terminalReason?: string;
  apiErrorStatus?: number | null;
  apiErrorType?: string;
  /** e.g. `usage_limit_reached`, `connection_failed`. */
  apiError?: string;
  stopReason?: string;
}

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** What an API error looks like when the CLI reports it as a synthetic assistant message. */
export interface ApiErrorInfo {
  /** `authentication_failed`, `billing_error`, `rate_limit`, `server_error`, `invalid_request`, ... */
  error?: string;
  status?: number | null;
  type?: string;
  /** `usage_limit_reached`, `connection_failed`, ... */
  apiError?: string;
  /** Epoch seconds from `api_error_params.rate_limit_info.resetsAt`. */
  resetsAt?: number;
  text: string;
}

export type StreamLine =
  | { kind: 'init'; sessionId?: string; model?: string; cwd?: string; apiKeySource?: string; version?: string }
  | { kind: 'api-retry'; attempt?: number; maxRetries?: number; delayMs?: number; status: number | null; error?: string }
  | { kind: 'rate-limit'; status?: string; resetsAt?: number; rateLimitType?: string }
  | { kind: 'assistant'; sessionId?: string; texts: string[]; tools: ToolCall[]; apiError?: ApiErrorInfo }
  | { kind: 'permission-denied'; toolName?: string; message?: string }
  | { kind: 'result'; result: ResultMessage }
  | { kind: 'other'; type: string; sessionId?: string }
  | { kind: 'garbage'; text: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const numOrNull = (v: unknown): number | null | undefined => (v === null ? null : num(v));

function readUsage(v: unknown): ResultMessage['usage'] {
  if (!isObj(v)) return undefined;
  return {
    inputTokens: num(v.input_tokens) ?? 0,
    outputTokens: num(v.output_tokens) ?? 0,
    cacheReadInputTokens: num(v.cache_read_input_tokens) ?? 0,
    cacheCreationInputTokens: num(v.cache_creation_input_tokens) ?? 0,
  };
}

function readResult(o: Obj): ResultMessage {
  const denials = Array.isArray(o.permission_denials) ? o.permission_denials.filter(isObj) : [];
  return {
    subtype: str(o.subtype) ?? 'unknown',
    isError: o.is_error === true,
    text: str(o.result),
    errors: Array.isArray(o.errors) ? o.errors.filter((e): e is string => typeof e === 'string') : [],
    numTurns: num(o.num_turns),
    durationMs: num(o.duration_ms),
    totalCostUsd: num(o.total_cost_usd),
    usage: readUsage(o.usage),
    sessionId: str(o.session_id),
    permissionDenials: denials.map((d) => ({ toolName: str(d.tool_name) ?? 'unknown', toolInput: d.tool_input })),
    terminalReason: str(o.terminal_reason),
    apiErrorStatus: numOrNull(o.api_error_status),
    apiErrorType: str(o.api_error_type),
    apiError: str(o.api_error),
    stopReason: str(o.stop_reason),
  };
}

function readAssistant(o: Obj): StreamLine {
  const message = isObj(o.message) ? o.message : {};
  const content = Array.isArray(message.content) ? message.content.filter(isObj) : [];
  const texts = content.filter((b) => b.type === 'text').map((b) => str(b.text) ?? '');
  const tools = content
    .filter((b) => b.type === 'tool_use')
    .map((b) => ({ name: str(b.name) ?? 'tool', input: isObj(b.input) ? b.input : {} }));
  const line: StreamLine = { kind: 'assistant', sessionId: str(o.session_id), texts, tools };
  if (o.is_api_error_message === true || (message.model === '<synthetic>' && o.error !== undefined)) {
    const params = isObj(o.api_error_params) ? o.api_error_params : {};
    const info = isObj(params.rate_limit_info) ? params.rate_limit_info : {};
    line.apiError = {
      error: str(o.error),
      status: numOrNull(o.api_error_status),
      type: str(o.api_error_type),
      apiError: str(o.api_error),
      resetsAt: num(info.resetsAt),
      text: texts.join('\n'),
    };
  }
  return line;
}

/** Reads one stdout line. Never throws. */
export function parseStreamLine(raw: string): StreamLine {
  const line = raw.trim();
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'garbage', text: line };
  }
  if (!isObj(value) || typeof value.type !== 'string') return { kind: 'garbage', text: line };
  const o = value;
  switch (o.type) {
    case 'result':
      return { kind: 'result', result: readResult(o) };
    case 'assistant':
      return readAssistant(o);
    case 'rate_limit_event': {
      const info = isObj(o.rate_limit_info) ? o.rate_limit_info : {};
      return { kind: 'rate-limit', status: str(info.status), resetsAt: num(info.resetsAt), rateLimitType: str(info.rateLimitType) };
    }
    case 'system':
      if (o.subtype === 'init') {
        return {
          kind: 'init',
          sessionId: str(o.session_id),
          model: str(o.model),
          cwd: str(o.cwd),
          apiKeySource: str(o.apiKeySource),
          version: str(o.claude_code_version),
        };
      }
      if (o.subtype === 'api_retry') {
        return {
          kind: 'api-retry',
          attempt: num(o.attempt),
          maxRetries: num(o.max_retries),
          delayMs: num(o.retry_delay_ms),
          status: num(o.error_status) ?? null,
          error: str(o.error),
        };
      }
      if (o.subtype === 'permission_denied') return { kind: 'permission-denied', toolName: str(o.tool_name), message: str(o.message) };
      return { kind: 'other', type: `system/${str(o.subtype) ?? '?'}`, sessionId: str(o.session_id) };
    default:
      return { kind: 'other', type: String(o.type), sessionId: str(o.session_id) };
  }
}
