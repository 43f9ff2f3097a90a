// Nx runs per-task targets of one plan in parallel processes, but the engine allows one run per plan at a
// time (its lock fails fast, as it should for two people). So executors of one plan take turns: a lock
// file beside the engine's, created with O_EXCL, waited for (not failed on) while its holder is alive.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function holderPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o644);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

/** Runs `work` once no other Nx executor of the plan in `stateDir` runs; undefined if aborted while waiting. */
export async function inPlanTurn<T>(
  stateDir: string,
  signal: AbortSignal,
  onWait: (pid: number) => void,
  work: () => Promise<T>,
): Promise<T | undefined> {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'nx-executor.lock');
  let told = false;
  while (!tryTake(file)) {
    const pid = holderPid(file);
    if (pid === undefined && Date.now() - mtimeMs(file) < 2_000) {
      // Probably being written by its creator right now: give it a moment.
      await sleep(20);
      continue;
    }
    if (pid === undefined || !alive(pid)) {
      // Left by a killed executor (or torn while written): gone holders do not keep a turn.
      try {
        unlinkSync(file);
      } catch {
        // another waiter removed it first
      }
      continue;
    }
    if (!told) onWait(pid);
    told = true;
    if (signal.aborted) return undefined;
    await sleep(50, undefined, { signal }).catch(() => undefined);
  }
  try {
    return await work();
  } finally {
    if (holderPid(file) === process.pid) unlinkSync(file);
  }
}
