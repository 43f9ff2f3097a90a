// Whole-file atomic replace: write a temp file beside the target, fsync it, rename it over the target,
// fsync the folder. A reader (or a crash) sees the old file or the new one, never a mix.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export function writeFileAtomicSync(file: string, data: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeAllSync(fd, data);
    fsyncSync(fd);
  } catch (error: unknown) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (error: unknown) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw error;
  }
  fsyncDir(path.dirname(file));
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse to fsync a folder; the rename is still atomic.
  }
}

/**
 * Writes all of `data` or throws: write(2) may write less than asked (a full disk, a file-size limit)
 * without an error, and a short file renamed over the state would lose it.
 */
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  let bytes: Uint8Array;
  let at = 0;
  if (typeof data === 'string') {
    // A string is written as it is (encoded on the native side, no Buffer of our own: a journal writes
    // hundreds of them per second); only a short write needs its bytes, to go on from where it stopped.
    at = writeSync(fd, data);
    if (at === Buffer.byteLength(data)) return;
    bytes = Buffer.from(data);
  } else bytes = data;
  while (at < bytes.length) at += writeSync(fd, bytes, at);
}
