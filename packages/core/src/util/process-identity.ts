// Whether a pid still names the process it named when it was recorded. Pids are reused: after a
// crash and a reboot, or on a busy machine, a lock's or task's recorded pid may belong to a stranger,
// so a pid alone proves nothing. With the process's start time beside it (Linux: /proc/<pid>/stat),
// a reused pid is told apart; elsewhere the pid alone is all there is.
import { readFileSync } from 'node:fs';

/** The kernel's start time of `pid` (Linux: clock ticks since boot, field 22 of /proc/<pid>/stat); undefined where unknown. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True when a process `pid` exists (ours or another user's). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return !!error && typeof error === 'object' && 'code' in error && error.code === 'EPERM'; // exists, owned by someone else
  }
}

/** True when `pid` is alive and, when its start time was recorded and can be read now, the same process. */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (startTime === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === startTime;
}

/** True when a process group `pgid` of ours has a member left (another user's group counts as gone: not a task of ours). */
export function groupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false; // gone (ESRCH), or another user's (EPERM)
  }
}
