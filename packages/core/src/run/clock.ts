// Time at the edge: the engine asks a Clock, tests may pass their own.
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1), for jitter. */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    try {
      await delay(ms, undefined, signal ? { signal } : {});
    } catch {
      // aborted: the caller checks the signal
    }
  },
  random: () => Math.random(),
};

/**
 * `clock.now()` as an ISO 8601 string, formatted once per millisecond: a run stamps every event and
 * record, several per task, and most fall in the same millisecond as the one before.
 */
export function isoNow(clock: Clock): () => string {
  let lastMs = Number.NaN;
  let lastIso = '';
  return () => {
    const ms = clock.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}
