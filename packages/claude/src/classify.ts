// Names why an attempt failed, from the result line, the CLI's own retry lines, the exit code and stderr.
// Pure. The facts it relies on (PROTOCOL.md §6): an API failure ends as subtype "success" with is_error,
// terminal_reason "api_error" and api_error_status, so the subtype alone says nothing.
import { stoppedFromOutside, type Failure } from '@orchestra/core';
import type { StreamEvidence } from './stream-evidence.ts';

export interface AttemptFacts {
  evidence: StreamEvidence;
  exitCode: number | null;
  /** The signal that ended the process, if any. */
  exitSignal?: string | null;
  /** The last lines of stderr (already redacted). */
  stderrTail: string;
  /** Set when orchestra itself stopped the process. */
  aborted?: 'timed-out' | 'interrupted';
  /** Epoch ms, to turn a reset time into a delay. */
  now: number;
}

export type Verdict = { ok: true } | { ok: false; failure: Failure };

const LOGIN_HINT = 'set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN / CLAUDE_CODE_OAUTH_TOKEN), or run `claude /login`';
const USAGE_LIMIT_TEXT = /usage limit|hit your (?:[\w-]+ )?limit|limit reached|out of (?:extra )?usage/i;
const AUTH_TEXT = /not logged in|please run \/login|invalid api key|authentication[_ ]?(?:error|failed)|oauth token (?:has )?(?:expired|been revoked)|x-api-key/i;
const BILLING_TEXT = /credit balance|billing|purchase credits|payment/i;
const NETWORK_TEXT = /connection (?:refused|reset|error|failed)|timed? ?out|ECONNRE|ENOTFOUND|EAI_AGAIN|socket hang up|network/i;

function fail(reason: Failure['reason'], message: string, extra: Partial<Failure> = {}): Verdict {
  return { ok: false, failure: { reason, message, ...extra } };
}

const firstLine = (text: string): string => text.trim().split('\n')[0]?.slice(0, 300) ?? '';

/** When the account's usage limit resets, as a delay from now; from the stream's reset time or the message. */
function usageResetMs(facts: AttemptFacts, text: string): number | undefined {
  const { evidence, now } = facts;
  const epochSeconds = evidence.apiError?.resetsAt ?? evidence.rateLimit?.resetsAt ?? Number(/\|(\d{9,11})\b/.exec(text)?.[1]);
  if (Number.isFinite(epochSeconds) && epochSeconds !== undefined && epochSeconds > 0) {
    return Math.max(0, epochSeconds * 1000 - now);
  }
  return undefined;
}

function isUsageLimit(facts: AttemptFacts, text: string): boolean {
  const { evidence } = facts;
  return (
    evidence.result?.apiError === 'usage_limit_reached' ||
    evidence.apiError?.apiError === 'usage_limit_reached' ||
    (evidence.rateLimit?.status === 'rejected' && (evidence.result?.apiErrorStatus === 429 || evidence.apiError?.status === 429)) ||
    USAGE_LIMIT_TEXT.test(text)
  );
}

function classifyApiError(facts: AttemptFacts, text: string): Verdict {
  const { evidence } = facts;
  const result = evidence.result;
  const status = result?.apiErrorStatus ?? evidence.apiError?.status ?? evidence.retries.at(-1)?.status ?? null;
  const kind = evidence.apiError?.error;
  const shown = firstLine(text) || `API error${status ? ` ${status}` : ''}`;

  if (isUsageLimit(facts, text)) {
    const retryAfterMs = usageResetMs(facts, text);
    return fail('usage-limit', `Claude usage limit reached: ${shown}`, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  if (kind === 'billing_error' || BILLING_TEXT.test(text)) {
    return fail('auth', `Claude Code reports a billing problem: ${shown}. Check the account's plan or credits, then run again.`);
  }
  if (status === 401 || status === 403 || kind === 'authentication_failed' || AUTH_TEXT.test(text)) {
    return fail('auth', `Claude Code could not authenticate: ${shown}. To fix: ${LOGIN_HINT}.`);
  }
  if (status === 429 || status === 408 || status === 529 || (status !== null && status >= 500)) {
    const delay = status === 429 ? evidence.retries.at(-1)?.delayMs : undefined;
    return fail('transient', `Anthropic API error ${status}: ${shown}`, delay === undefined ? {} : { retryAfterMs: delay });
  }
  if (
    status === null &&
    (result?.apiError === 'connection_failed' || evidence.apiError?.apiError === 'connection_failed' || NETWORK_TEXT.test(text))
  ) {
    return fail('transient', `Network error reaching the Anthropic API: ${shown}`);
  }
  if (result?.terminalReason === 'prompt_too_long') return fail('exit-non-zero', `The prompt is too long for the model: ${shown}`);
  return fail('exit-non-zero', `Claude Code failed: ${shown}`);
}

export function classifyAttempt(facts: AttemptFacts): Verdict {
  const { evidence, exitCode, stderrTail } = facts;
  if (facts.aborted === 'timed-out') return fail('timed-out', 'The task timed out; its process tree was killed.', tail(stderrTail));
  if (facts.aborted === 'interrupted') return fail('interrupted', 'Interrupted; the session can be resumed.', tail(stderrTail));

  const result = evidence.result;
  if (!result && stoppedFromOutside(facts.exitSignal)) {
    return fail('interrupted', `Interrupted (claude was stopped by ${facts.exitSignal} from outside orchestra); the session can be resumed.`, tail(stderrTail));
  }
  if (!result) {
    if (/cannot be used with root\/sudo/.test(stderrTail)) {
      return fail('exit-non-zero', 'bypassPermissions as root needs IS_SANDBOX=1 in the environment (only in a sandbox).', tail(stderrTail));
    }
    const how = facts.exitSignal ? `was killed by ${facts.exitSignal}` : `exited with code ${exitCode ?? 'unknown'}`;
    const said = firstLine(lastLines(stderrTail, 1));
    return fail('no-result', `claude ${how} without a result${said ? `: ${said}` : ''}`, tail(stderrTail));
  }

  if (!result.isError) return { ok: true };

  const errorsText = result.errors.join('; ');
  switch (result.subtype) {
    case 'error_max_turns':
      return fail('max-turns', errorsText || 'Reached the maximum number of turns (maxTurns).');
    case 'error_max_budget_usd':
      return fail('budget', errorsText || 'Reached the maximum budget (maxCostUsd).');
    case 'error_during_execution':
      return fail('exit-non-zero', `Claude Code failed during execution: ${firstLine(errorsText || lastLines(stderrTail, 1)) || 'no detail'}`, tail(stderrTail));
    default: {
      const text = [result.text, evidence.apiError?.text, errorsText].filter(Boolean).join('\n');
      return classifyApiError(facts, text);
    }
  }
}

/** True when a `--resume` failed because the CLI does not know the session (start fresh instead). */
export function isUnknownSession(facts: Pick<AttemptFacts, 'evidence' | 'stderrTail'>): boolean {
  const text = `${facts.stderrTail}\n${facts.evidence.result?.errors.join('\n') ?? ''}`;
  return /No conversation found with session ID/i.test(text);
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

function tail(stderrTail: string): Partial<Failure> {
  return stderrTail.trim() ? { detail: stderrTail.trimEnd() } : {};
}
