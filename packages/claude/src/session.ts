// Which conversation an attempt continues, and what it cost. Pure; the caller supplies new UUIDs.
import type { PreviousAttempt } from '@orchestra/core';
import type { SessionChoice } from './build-args.ts';

/**
 * Failures after which continuing the conversation helps: the model keeps what it did and learns what
 * went wrong. After `auth`/`spawn-error` there is no useful conversation; after `budget` or `max-turns`
 * the transcript is what ran out, so a fresh start is the better retry.
 */
const RESUMABLE = new Set<string>([
  'interrupted',
  'timed-out',
  'verify-failed',
  'output-missing',
  'undeclared-writes',
  'transient',
  'usage-limit',
  'no-result',
  'exit-non-zero',
]);

export function chooseSession(previous: PreviousAttempt | undefined, cwd: string, newSessionId: () => string): SessionChoice {
  if (
    previous?.sessionId &&
    previous.cwd === cwd &&
    (previous.failure === undefined || RESUMABLE.has(previous.failure.reason))
  ) {
    return { mode: 'resume', sessionId: previous.sessionId };
  }
  return { mode: 'fresh', sessionId: newSessionId() };
}

/**
 * This attempt's own cost. `total_cost_usd` is cumulative over a resumed session, so the previous
 * attempt's figure is subtracted; never negative.
 */
export function attemptCost(
  totalCostUsd: number | undefined,
  session: SessionChoice,
  previous: PreviousAttempt | undefined,
): { costUsd?: number; sessionCostUsd?: number } {
  if (totalCostUsd === undefined) return {};
  const base = session.mode === 'resume' && previous?.sessionId === session.sessionId ? (previous.sessionCostUsd ?? 0) : 0;
  return { costUsd: Math.max(0, roundUsd(totalCostUsd - base)), sessionCostUsd: roundUsd(totalCostUsd) };
}

/** Rounds away float noise (0.0024000000000000002). */
export const roundUsd = (usd: number): number => Math.round(usd * 1e9) / 1e9;
