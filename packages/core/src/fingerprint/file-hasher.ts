// Hashes files, reusing a hash while the file's size, mtime, ctime and inode are unchanged, as git's
// index does. The stamps live in the state file, so a cached re-run reads almost no file contents.
//
// "Racily clean" files (git's term): a file changed in the same clock tick in which it was hashed
// keeps its mtime. So each stamp carries the file system's own time (`clockMs`: the mtime of a marker
// file written just before the first read of a batch) and is trusted only for a file last modified
// strictly before that time; a whole-second mtime (a file system with 1 s timestamps, or a copy that
// kept them) must be from an earlier second. Any write after the read then shows: its mtime is at or
// after `clockMs`. The wall clock is never compared with file times.
//
//      marker written (clockMs) ──> read f ──> f written again?  its mtime >= clockMs: racy, re-hashed
//
// Files are read in chunks (no size limit). A file that exists but cannot be read is `unreadable`,
// never "missing": callers must not treat it as absent.
import { closeSync, fstatSync, openSync, readSync, statSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ContentHash } from './content-hash.ts';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: ContentHash;
  /** The file system's time (a marker file's mtime) taken before the file was read; see above. */
  clockMs?: number;
}

export type FileRead =
  | { kind: 'file'; hash: ContentHash }
  | { kind: 'missing' }
  | { kind: 'directory' }
  | { kind: 'unreadable'; error: string };

export interface FileHasherOptions {
  /**
   * Marker file whose mtime gives the file system's time before a batch of reads. Without one (a
   * read-only look such as `status`), stamps never become trustworthy and each file is read at most
   * once per hasher: the hasher is a snapshot.
   */
  clockFile?: string;
  /** The file system's current time; default: write `clockFile` and read its mtime. */
  fsClock?: () => number | undefined;
}

const CHUNK_BYTES = 1024 * 1024;
let chunk: Buffer | undefined;

/** Whether a stamp may be stale although size, mtime, ctime and inode match. */
export function isRacy(mtimeMs: number, clockMs: number | undefined): boolean {
  if (clockMs === undefined || mtimeMs >= clockMs) return true;
  // Whole seconds: the file system may only keep seconds, so the same second is not "before".
  return mtimeMs % 1000 === 0 && Math.floor(mtimeMs / 1000) === Math.floor(clockMs / 1000);
}

export class FileHasher {
  readonly root: string;
  readonly stamps: Map<string, FileStamp>;
  /** Stamps added or changed since the last `takeChanges()`, to persist. */
  private changed = new Map<string, FileStamp>();
  private readonly fsClock: (() => number | undefined) | undefined;
  /** The file system's time taken before the reads since the last `takeChanges()`. */
  private batchClock: number | undefined;
  /** Without a clock: what this hasher read, for its life. */
  private readonly snapshot: Map<string, FileRead> | undefined;

  constructor(root: string, stamps: Map<string, FileStamp>, options: FileHasherOptions = {}) {
    this.root = root;
    this.stamps = stamps;
    const { clockFile } = options;
    this.fsClock = options.fsClock ?? (clockFile !== undefined ? () => touch(clockFile) : undefined);
    this.snapshot = this.fsClock ? undefined : new Map();
  }

  /** The content hash of a workspace-relative file, or undefined when it is not a readable file. */
  hash(rel: string): ContentHash | undefined {
    const read = this.read(rel);
    return read.kind === 'file' ? read.hash : undefined;
  }

  /** What is at a workspace-relative path: a file (with its hash), nothing, a folder, or an error. */
  read(rel: string): FileRead {
    const known = this.snapshot?.get(rel);
    if (known) return known;
    const result = this.readNow(rel);
    this.snapshot?.set(rel, result);
    return result;
  }

  private readNow(rel: string): FileRead {
    const abs = path.join(this.root, rel);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (error: unknown) {
      return absentOr(error);
    }
    if (st.isDirectory()) return { kind: 'directory' };
    if (!st.isFile()) return { kind: 'unreadable', error: 'not a regular file' };
    const known = this.stamps.get(rel);
    if (
      known &&
      known.size === st.size &&
      known.mtimeMs === st.mtimeMs &&
      known.ctimeMs === st.ctimeMs &&
      known.ino === st.ino &&
      !isRacy(st.mtimeMs, known.clockMs)
    ) {
      return { kind: 'file', hash: known.hash };
    }
    if (this.fsClock) this.batchClock ??= this.fsClock();
    let fd: number;
    try {
      fd = openSync(abs, 'r');
    } catch (error: unknown) {
      return absentOr(error);
    }
    let stamp: FileStamp;
    try {
      const opened = fstatSync(fd);
      const hash = createHash('sha256');
      chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
      for (;;) {
        const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
        if (n === 0) break;
        hash.update(chunk.subarray(0, n));
      }
      stamp = {
        size: opened.size,
        mtimeMs: opened.mtimeMs,
        ctimeMs: opened.ctimeMs,
        ino: opened.ino,
        hash: hash.digest('hex') as ContentHash,
        ...(this.batchClock !== undefined ? { clockMs: this.batchClock } : {}),
      };
    } catch (error: unknown) {
      return { kind: 'unreadable', error: describe(error) };
    } finally {
      closeSync(fd);
    }
    this.stamps.set(rel, stamp);
    this.changed.set(rel, stamp);
    return { kind: 'file', hash: stamp.hash };
  }

  /** Hashes of the given files; missing files are left out. */
  hashAll(rels: readonly string[]): Record<string, ContentHash> {
    const out: Record<string, ContentHash> = {};
    for (const rel of rels) {
      const h = this.hash(rel);
      if (h !== undefined) out[rel] = h;
    }
    return out;
  }

  /** Forget what is known of a file (e.g. a task just rewrote it). */
  forget(rel: string): void {
    this.stamps.delete(rel);
    this.snapshot?.delete(rel);
  }

  /** Stamps to persist. Reads after this take a new clock (tasks may have written files since). */
  takeChanges(): Map<string, FileStamp> {
    const out = this.changed;
    this.changed = new Map();
    this.batchClock = undefined;
    return out;
  }
}

/**
 * Writes the marker and returns its mtime: the file system's "now", in its own resolution.
 * Without it (a read-only folder), no stamp is trusted later: slower, never wrong.
 */
function touch(file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch {
    return undefined;
  }
  try {
    writeSync(fd, '.');
    return fstatSync(fd).mtimeMs;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function absentOr(error: unknown): FileRead {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  return { kind: 'unreadable', error: describe(error) };
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  return e?.code ? `${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : String(error);
}
