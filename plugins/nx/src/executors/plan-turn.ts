// Nx runs per-task targets of one plan in parallel processes, but the engine allows one run per plan at a
// time (its lock fails fast, as it should for two people). So executors of one plan take turns: a second
// lock of the same kind as the engine's (core's acquireLock: O_EXCL, a dead holder's lock taken over),
// waited for instead of failed on.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireLock } from '@orchestra/core';

/** Runs `work` once no other Nx executor of the plan in `stateDir` runs; undefined if aborted while waiting. */
export async function inPlanTurn<T>(
  stateDir: string,
  signal: AbortSignal,
  onWait: (pid: number | undefined) => void,
  work: () => Promise<T>,
): Promise<T | undefined> {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'nx-executor.lock');
  for (let told = false; ; told = true) {
    const lock = acquireLock(file);
    if (lock.ok) {
      try {
        return await work();
      } finally {
        lock.release();
      }
    }
    if (!told) onWait(lock.holder?.pid);
    if (signal.aborted) return undefined;
    await sleep(50, undefined, { signal }).catch(() => undefined);
  }
}
