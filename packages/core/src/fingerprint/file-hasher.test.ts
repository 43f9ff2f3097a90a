import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBytes } from './content-hash.ts';
import { FileHasher, isRacy, type FileStamp } from './file-hasher.ts';
import { hashPatterns } from './hash-patterns.ts';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'orc-hasher-'));

/** A stamp that matches the file's stat exactly but records the hash of other bytes. */
function lyingStamp(file: string, clockMs: number, hashedAtMs: number): FileStamp {
  const st = statSync(file);
  const stamp = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, hash: hashBytes('old'), clockMs, hashedAtMs };
  return stamp as FileStamp;
}

describe('FileHasher: racily clean files', () => {
  it('re-hashes a file whose whole-second mtime falls in the second of the hashing (1 s timestamps)', () => {
    const root = temp();
    const file = path.join(root, 'x.txt');
    writeFileSync(file, 'new'); // same size as "old": only the racy rule can tell
    const second = Math.floor(Date.now() / 1000) - 30;
    utimesSync(file, second, second);
    const mtime = statSync(file).mtimeMs;
    expect(mtime % 1000).toBe(0);
    // Hashed half a second after the last write, in the same second as far as the file system can tell.
    const hasher = new FileHasher(root, new Map([['x.txt', lyingStamp(file, mtime + 500, mtime + 500)]]), { clockFile: path.join(root, 'clock') });
    expect(hasher.hash('x.txt')).toBe(hashBytes('new'));
  });

  it('trusts the file system clock, not the wall clock: a stamp not strictly older than its file is re-hashed', () => {
    const root = temp();
    const file = path.join(root, 'x.txt');
    writeFileSync(file, 'new');
    const at = Date.now() / 1000 - 30.877;
    utimesSync(file, at, at);
    const mtime = statSync(file).mtimeMs;
    // The wall clock ran 5 s ahead of the file system's: by the wall clock the hash is "well after".
    const hasher = new FileHasher(root, new Map([['x.txt', lyingStamp(file, mtime, mtime + 5_000)]]), { clockFile: path.join(root, 'clock') });
    expect(hasher.hash('x.txt')).toBe(hashBytes('new'));
  });

  it('stamps hashes with the file system time taken before reading, and reuses them for older files', () => {
    const root = temp();
    const file = path.join(root, 'x.txt');
    writeFileSync(file, 'one');
    const past = Date.now() / 1000 - 60;
    utimesSync(file, past, past);
    const hasher = new FileHasher(root, new Map(), { clockFile: path.join(root, 'clock') });
    hasher.hash('x.txt');
    const stamp = hasher.takeChanges().get('x.txt');
    expect(stamp?.clockMs).toBe(statSync(path.join(root, 'clock')).mtimeMs);
    expect(isRacy(stamp!.mtimeMs, stamp!.clockMs)).toBe(false);
    const next = new FileHasher(root, new Map([['x.txt', stamp!]]), { clockFile: path.join(root, 'clock') });
    expect(next.hash('x.txt')).toBe(hashBytes('one'));
    expect(next.takeChanges().size).toBe(0); // reused, not read
    expect(isRacy(5_000, undefined)).toBe(true); // a stamp of an older orchestra: read again once
  });
});

describe('FileHasher: what cannot be read', () => {
  it('hashes big files in chunks, the same as hashing all the bytes', () => {
    const root = temp();
    const bytes = randomFillSync(Buffer.alloc(3 * 1024 * 1024 + 7));
    writeFileSync(path.join(root, 'big.bin'), bytes);
    expect(new FileHasher(root, new Map()).hash('big.bin')).toBe(hashBytes(readFileSync(path.join(root, 'big.bin'))));
  });

  it('says a file it cannot read is unreadable, never absent', () => {
    const root = temp();
    symlinkSync('loop.txt', path.join(root, 'loop.txt')); // a symlink to itself: ELOOP, whoever we are
    const hasher = new FileHasher(root, new Map());
    expect(hasher.read('loop.txt')).toMatchObject({ kind: 'unreadable', error: expect.stringContaining('ELOOP') });
    expect(hasher.read('gone.txt')).toEqual({ kind: 'missing' });
    const found = hashPatterns(hasher, ['loop.txt', 'gone.txt']);
    expect({ ...found.hashes }).toEqual({});
    expect(Object.keys(found.unreadable)).toEqual(['loop.txt']);
  });
});
