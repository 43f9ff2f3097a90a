// `.orchestra/lock` keeps two runs of one plan apart. Created with O_EXCL (atomic: exactly one
// creator wins). A lock left by a dead process on this host is taken over; a live holder is an error.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

export type LockResult =
  | { ok: true; tookOverFrom?: LockInfo; release: () => void }
  | { ok: false; holder: LockInfo | undefined; message: string };

export function acquireLock(lockFile: string, now: () => Date = () => new Date()): LockResult {
  const mine: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: now().toISOString() };
  let tookOverFrom: LockInfo | undefined;
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(mine)}\n`);
      } finally {
        closeSync(fd);
      }
      return { ok: true, ...(tookOverFrom ? { tookOverFrom } : {}), release: () => releaseLock(lockFile, mine) };
    } catch (error: unknown) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    const holder = readLock(lockFile);
    if (holder && (holder.hostname !== mine.hostname || isAlive(holder.pid))) {
      const where = holder.hostname === mine.hostname ? '' : ` on host ${holder.hostname}`;
      return {
        ok: false,
        holder,
        message:
          `another orchestra run (pid ${holder.pid}${where}, started ${holder.startedAt}) holds ${lockFile}.\n` +
          `  Wait for it to finish or stop it. If that process is not orchestra, delete the lock file.`,
      };
    }
    // Dead holder, or a lock file torn by a crash while it was written: take it over.
    tookOverFrom = holder ?? { pid: 0, hostname: mine.hostname, startedAt: 'unknown' };
    try {
      unlinkSync(lockFile);
    } catch (error: unknown) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
  }
  return { ok: false, holder: undefined, message: `could not take the lock ${lockFile}; another run keeps taking it.` };
}

export function readLock(lockFile: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.hostname === 'string') {
      return { pid: info.pid, hostname: info.hostname, startedAt: String(info.startedAt) };
    }
  } catch {
    // unreadable or torn: treated as stale
  }
  return undefined;
}

function releaseLock(lockFile: string, mine: LockInfo): void {
  const current = readLock(lockFile);
  if (current && (current.pid !== mine.pid || current.startedAt !== mine.startedAt)) return;
  try {
    unlinkSync(lockFile);
  } catch {
    // already gone
  }
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return isCode(error, 'EPERM'); // exists, owned by someone else
  }
}

function isCode(error: unknown, code: string): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === code;
}
