// What an attempt's stdout says, folded line by line: the session, the retries the CLI made on its own,
// rate-limit news, the last API error it reported, and the final result. classify.ts reads it.
import type { ApiErrorInfo, ResultMessage, StreamLine } from './stream-line.ts';

export interface StreamEvidence {
  sessionId?: string;
  model?: string;
  version?: string;
  /** `system/api_retry` lines, in order. */
  retries: Array<{ status: number | null; error?: string; delayMs?: number }>;
  /** The latest `rate_limit_event`. */
  rateLimit?: { status?: string; resetsAt?: number; rateLimitType?: string };
  /** The latest API error the CLI reported as a synthetic assistant message. */
  apiError?: ApiErrorInfo;
  permissionDenied: Array<{ toolName?: string; message?: string }>;
  result?: ResultMessage;
  /** Lines that were not JSON objects (counted, not fatal). */
  garbageLines: number;
  lastText?: string;
}

export const emptyEvidence = (): StreamEvidence => ({ retries: [], permissionDenied: [], garbageLines: 0 });

/** Returns a new evidence with `line` taken into account. */
export function foldStreamLine(evidence: StreamEvidence, line: StreamLine): StreamEvidence {
  switch (line.kind) {
    case 'init':
      return {
        ...evidence,
        sessionId: line.sessionId ?? evidence.sessionId,
        model: line.model ?? evidence.model,
        version: line.version ?? evidence.version,
      };
    case 'api-retry':
      return { ...evidence, retries: [...evidence.retries, { status: line.status, error: line.error, delayMs: line.delayMs }] };
    case 'rate-limit':
      return { ...evidence, rateLimit: { status: line.status, resetsAt: line.resetsAt, rateLimitType: line.rateLimitType } };
    case 'assistant': {
      const text = line.texts.filter((t) => t.trim()).at(-1);
      return {
        ...evidence,
        sessionId: evidence.sessionId ?? line.sessionId,
        ...(line.apiError ? { apiError: line.apiError } : {}),
        ...(text && !line.apiError ? { lastText: text } : {}),
      };
    }
    case 'permission-denied':
      return { ...evidence, permissionDenied: [...evidence.permissionDenied, { toolName: line.toolName, message: line.message }] };
    case 'result':
      return { ...evidence, result: line.result, sessionId: line.result.sessionId ?? evidence.sessionId };
    case 'other':
      return { ...evidence, sessionId: evidence.sessionId ?? line.sessionId };
    case 'garbage':
      return { ...evidence, garbageLines: evidence.garbageLines + 1 };
  }
}
