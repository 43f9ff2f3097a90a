// Hashes files, reusing a hash while the file's size, mtime, ctime and inode are unchanged, as git's
// index does. The stamps live in the state file, so a cached re-run reads almost no file contents.
//
// "Racily clean" files (git's term): a file written in the same clock tick in which it was hashed could
// change again without its mtime moving. A stamp is only trusted when the hash was taken well after the
// file's last change; otherwise the file is hashed again.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hashBytes, type ContentHash } from './content-hash.ts';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: ContentHash;
  /** Wall-clock time at which `hash` was computed. */
  hashedAtMs: number;
}

/** Milliseconds a file must be older than its hash for the stamp to be trusted (above any fs tick). */
const RACY_WINDOW_MS = 100;

export class FileHasher {
  readonly root: string;
  readonly stamps: Map<string, FileStamp>;
  /** Stamps added or changed since the last `takeChanges()`, to persist. */
  private changed = new Map<string, FileStamp>();
  private readonly now: () => number;

  constructor(root: string, stamps: Map<string, FileStamp>, now: () => number = Date.now) {
    this.root = root;
    this.stamps = stamps;
    this.now = now;
  }

  /** The content hash of a workspace-relative file, or undefined when it does not exist. */
  hash(rel: string): ContentHash | undefined {
    const abs = path.join(this.root, rel);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const known = this.stamps.get(rel);
    if (
      known &&
      known.size === st.size &&
      known.mtimeMs === st.mtimeMs &&
      known.ctimeMs === st.ctimeMs &&
      known.ino === st.ino &&
      known.hashedAtMs - st.mtimeMs > RACY_WINDOW_MS
    ) {
      return known.hash;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch {
      return undefined;
    }
    const stamp: FileStamp = {
      size: st.size,
      mtimeMs: st.mtimeMs,
      ctimeMs: st.ctimeMs,
      ino: st.ino,
      hash: hashBytes(bytes),
      hashedAtMs: this.now(),
    };
    this.stamps.set(rel, stamp);
    this.changed.set(rel, stamp);
    return stamp.hash;
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
  }

  takeChanges(): Map<string, FileStamp> {
    const out = this.changed;
    this.changed = new Map();
    return out;
  }
}
