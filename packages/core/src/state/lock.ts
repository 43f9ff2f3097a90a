// `.orchestra/lock` keeps two runs of one plan apart. A lock left by a dead process on this host is
// taken over; a live holder is an error.
//
// Exactly one holder, even when several runs start at once over a stale lock:
// - The lock file appears whole and at once: its content is written to a private temp file, which is
//   then hard-linked to the lock's name. link() fails if the name exists, so exactly one creator wins,
//   and nobody ever reads a half-written lock and mistakes it for a torn, stale one.
// - Only a taker-over removes a lock file, and only while holding `<lock>.takeover` (made the same way),
//   after checking that the lock is still the very file it judged stale (same inode, same content).
//   It then competes for the free name like everyone else.
// - A holder is judged by its pid and, where the system says (Linux), the start time of that pid: a
//   stale lock whose pid now belongs to some other process is still stale.
import { fstatSync, linkSync, openSync, closeSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { isSameProcess, processStartTime } from '../util/process-identity.ts';

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** The holder's start time as the kernel reports it (see util/process-identity.ts), when known. */
  pidStartTime?: string;
}

export type LockResult =
  | { ok: true; tookOverFrom?: LockInfo; release: () => void }
  | { ok: false; holder: LockInfo | undefined; message: string };

const TRIES = 50;
/** A takeover guard older than this, left by a dead process, is removed. A takeover takes milliseconds. */
const STALE_GUARD_MS = 10_000;

export function acquireLock(lockFile: string, now: () => Date = () => new Date()): LockResult {
  const startTime = processStartTime(process.pid);
  const mine: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: now().toISOString(),
    ...(startTime !== undefined ? { pidStartTime: startTime } : {}),
  };
  const content = `${JSON.stringify(mine)}\n`;
  let tookOverFrom: LockInfo | undefined;
  for (let tries = 0; tries < TRIES; tries++) {
    if (tries > 0) pause(tries);
    if (createWhole(lockFile, content)) {
      // link() succeeding is ownership; reading it back guards against a file system that lies.
      if (readText(lockFile) !== content) continue;
      return { ok: true, ...(tookOverFrom ? { tookOverFrom } : {}), release: () => releaseLock(lockFile, content) };
    }
    const seen = readWithInode(lockFile);
    if (!seen) continue; // gone meanwhile: compete for the name again
    const holder = parseLock(seen.text);
    if (holder && holds(holder)) {
      const where = holder.hostname === mine.hostname ? '' : ` on host ${holder.hostname}`;
      return {
        ok: false,
        holder,
        message:
          `another orchestra run (pid ${holder.pid}${where}, started ${holder.startedAt}) holds ${lockFile}.\n` +
          `  Wait for it to finish or stop it. If that process is not orchestra, delete the lock file.`,
      };
    }
    // A dead holder, or a lock torn by an older version's crash: take it over.
    if (removeIfUnchanged(lockFile, seen, content)) {
      tookOverFrom = holder ?? { pid: 0, hostname: mine.hostname, startedAt: 'unknown' };
    }
  }
  return { ok: false, holder: undefined, message: `could not take the lock ${lockFile}; another run keeps taking it.` };
}

/** The run holding the lock now, judged as acquireLock judges it (see `holds`); undefined when none does. */
export function liveHolder(lockFile: string): LockInfo | undefined {
  const holder = readLock(lockFile);
  return holder && holds(holder) ? holder : undefined;
}

/** A live process on this host, or any holder on another (it cannot be checked from here). */
function holds(holder: LockInfo): boolean {
  return holder.hostname !== os.hostname() || isSameProcess(holder.pid, holder.pidStartTime);
}

export function readLock(lockFile: string): LockInfo | undefined {
  const text = readText(lockFile);
  return text === undefined ? undefined : parseLock(text);
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.hostname === 'string') {
      return {
        pid: info.pid,
        hostname: info.hostname,
        startedAt: String(info.startedAt),
        ...(typeof info.pidStartTime === 'string' ? { pidStartTime: info.pidStartTime } : {}),
      };
    }
  } catch {
    // unreadable or torn: treated as stale
  }
  return undefined;
}

/** Creates `file` with `content`, whole and at once; false when it exists. */
function createWhole(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, content, { mode: 0o644 });
  try {
    linkSync(temp, file);
    return true;
  } catch (error: unknown) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Under `<file>.takeover`: removes `file` if it is still the file `seen` (inode and content). */
function removeIfUnchanged(file: string, seen: { ino: number; text: string }, guardContent: string): boolean {
  const guard = `${file}.takeover`;
  if (!createWhole(guard, guardContent)) {
    removeStaleGuard(guard);
    return false;
  }
  try {
    const now = readWithInode(file);
    if (!now || now.ino !== seen.ino || now.text !== seen.text) return false;
    unlinkSync(file);
    return true;
  } finally {
    unlinkSync(guard);
  }
}

/** A takeover guard whose writer died mid-takeover would block every later takeover: clear it. */
function removeStaleGuard(guard: string): void {
  try {
    const holder = readLock(guard);
    const old = Date.now() - statSync(guard).mtimeMs > STALE_GUARD_MS;
    if (old && (!holder || !isSameProcess(holder.pid, holder.pidStartTime))) unlinkSync(guard);
  } catch {
    // gone already
  }
}

function readWithInode(file: string): { ino: number; text: string } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error: unknown) {
    if (isCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  try {
    return { ino: fstatSync(fd).ino, text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function releaseLock(lockFile: string, content: string): void {
  if (readText(lockFile) !== content) return;
  try {
    unlinkSync(lockFile);
  } catch {
    // already gone
  }
}

/** Contenders back off a little, differently, so one of them gets through. */
function pause(tries: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(50, tries * 2 + Math.random() * 5));
}

export { isAlive } from '../util/process-identity.ts';

function isCode(error: unknown, code: string): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === code;
}
