// Whether a pid still names the process it named when it was recorded. Pids are reused: after a
// crash and a reboot, or on a busy machine, a lock's or task's recorded pid may belong to a stranger,
// so a pid alone proves nothing. With the process's start time beside it (Linux: /proc/<pid>/stat),
// a reused pid is told apart; elsewhere the pid alone is all there is.
import { readdirSync, readFileSync } from 'node:fs';

/** The kernel's start time of `pid` (Linux: clock ticks since boot, field 22 of /proc/<pid>/stat); undefined where unknown. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return undefined;
  return statFields(String(pid))?.[19];
}

/** True when a process `pid` exists (ours or another user's) and, on Linux, is not a zombie (dead, not yet reaped). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error: unknown) {
    const exists = !!error && typeof error === 'object' && 'code' in error && error.code === 'EPERM'; // owned by someone else
    if (!exists) return false;
  }
  return process.platform !== 'linux' || !isZombie(String(pid), statFields(String(pid))?.[0]);
}

/**
 * Linux: dead and not reaped. /proc shows state Z also for a process whose main thread exited while its
 * other threads run: that one is alive, and its task/ folder lists more than the one thread.
 */
function isZombie(pid: string, state: string | undefined): boolean {
  if (state !== 'Z') return false;
  try {
    return readdirSync(`/proc/${pid}/task`).length <= 1;
  } catch {
    return true;
  }
}

/** True when `pid` is alive and, when its start time was recorded and can be read now, the same process. */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (startTime === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === startTime;
}

/**
 * True when a process group `pgid` of ours has a member left (another user's group counts as gone: not a
 * task of ours). On Linux, zombies do not count: where pid 1 never reaps orphans (a container without an
 * init), a dead member stays in its group for good, and waiting for the group to empty would wait forever.
 */
export function groupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, 0);
  } catch {
    return false; // gone (ESRCH), or another user's (EPERM)
  }
  return process.platform !== 'linux' || hasLivingMember(pgid);
}

/**
 * Linux: whether a process of group `pgid` is not a zombie. The leader (pid = pgid) answers most often; else
 * a walk of /proc (only for groups that exist).
 */
function hasLivingMember(pgid: number): boolean {
  const leader = statFields(String(pgid));
  if (leader && Number(leader[2]) === pgid && !isZombie(String(pgid), leader[0])) return true;
  let pids: string[];
  try {
    pids = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const pid of pids) {
    const first = pid.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const fields = statFields(pid);
    if (fields && Number(fields[2]) === pgid && !isZombie(pid, fields[0])) return true;
  }
  return false;
}

/**
 * Linux: the fields of /proc/<pid>/stat after the command name, from field 3 on (0: state, 2: process
 * group, 19: start time); undefined when it cannot be read. The command name (field 2) is in parentheses
 * and may hold spaces and parentheses itself.
 */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
