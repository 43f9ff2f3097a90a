// What to do after a failed attempt, by failure class. Pure: the random number comes in.
//
//   transient, exit-non-zero, timed-out, verify-failed, output-missing, no-result
//                      -> retry up to `retries` times, exponential backoff with jitter
//   usage-limit        -> wait for the reset when it is within `maxUsageWaitMs`, else stop starting tasks
//   auth               -> fail, and stop starting tasks (every other task would fail the same way)
//   max-turns, budget, spawn-error, undeclared-writes -> fail without retry
//   interrupted        -> stop
import type { Failure } from './agent.ts';
import { unreachable } from '../util/unreachable.ts';

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'wait'; delayMs: number; reason: string }
  | { action: 'fail' }
  | { action: 'fail-and-stop'; status: 'auth-failed' | 'usage-limit' };

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxUsageWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxUsageWaitMs: 60 * 60_000 };

/**
 * @param retriesUsed extra attempts already made in this run
 * @param random a number in [0, 1)
 */
export function decideRetry(failure: Failure, retriesUsed: number, retries: number, policy: RetryPolicy, random: number): RetryDecision {
  const backoff = (): number => {
    const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesUsed);
    // "Equal jitter": half fixed, half random, so retries of parallel tasks spread out.
    const delay = exp / 2 + (exp / 2) * random;
    return Math.round(Math.max(delay, failure.retryAfterMs ?? 0));
  };
  switch (failure.reason) {
    case 'transient':
    case 'exit-non-zero':
    case 'timed-out':
    case 'verify-failed':
    case 'output-missing':
    case 'no-result':
      return retriesUsed < retries ? { action: 'retry', delayMs: backoff() } : { action: 'fail' };
    case 'usage-limit':
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs <= policy.maxUsageWaitMs) {
        return { action: 'wait', delayMs: failure.retryAfterMs, reason: failure.message };
      }
      return { action: 'fail-and-stop', status: 'usage-limit' };
    case 'auth':
      return { action: 'fail-and-stop', status: 'auth-failed' };
    case 'max-turns':
    case 'budget':
    case 'spawn-error':
    case 'undeclared-writes':
    case 'interrupted':
      return { action: 'fail' };
    default:
      return unreachable(failure.reason);
  }
}
