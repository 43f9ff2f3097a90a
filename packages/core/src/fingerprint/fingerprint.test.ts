import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTask } from '../graph/test-plan.ts';
import type { ContentHash } from './content-hash.ts';
import { canonicalJson } from './content-hash.ts';
import { FileHasher } from './file-hasher.ts';
import { DEFINITION_KEYS, diffParts, fingerprint, taskDefinition } from './fingerprint.ts';
import { hashPatterns, unmatchedPatterns } from './hash-patterns.ts';

const h = (s: string) => s as ContentHash;
const base = { agentVersion: '1', inputHashes: { 'a.txt': h('1') }, depParts: {} };

describe('fingerprint', () => {
  it('digests every field of the definition, in sorted order', () => {
    expect([...DEFINITION_KEYS]).toEqual(Object.keys(taskDefinition(makeTask({ id: 'a' }))).sort());
  });

  it('hashes nested values with their keys sorted, lists in their own order', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }, 'x'], a: ['z', 'y'] })).toBe('{"a":["z","y"],"b":[{"c":2,"d":1},"x"]}');
  });

  it('is stable under key order and changes with the definition, inputs, deps and agent version', () => {
    const task = makeTask({ id: 't', run: ['echo', 'x'] });
    const fp = fingerprint(task, base).fingerprint;
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(fingerprint(task, base).fingerprint).toBe(fp);
    expect(fingerprint(makeTask({ id: 't', run: ['echo', 'y'] }), base).fingerprint).not.toBe(fp);
    expect(fingerprint(task, { ...base, inputHashes: { 'a.txt': h('2') } }).fingerprint).not.toBe(fp);
    expect(fingerprint(task, { ...base, agentVersion: '2' }).fingerprint).not.toBe(fp);
    expect(fingerprint(task, { ...base, depParts: { d: { outputs: { 'o.txt': h('9') } } } }).fingerprint).not.toBe(fp);
    // Not part of the result: description, timeout, retries.
    expect(fingerprint(makeTask({ id: 't', run: ['echo', 'x'], description: 'x', timeoutMs: 5, retries: 3 }), base).fingerprint).toBe(fp);
  });

  it('diffs parts into reasons people can read', () => {
    const a = fingerprint(makeTask({ id: 't', prompt: 'one' }), { ...base, depParts: { d: { outputs: { 'o.txt': h('1') } } } }).parts;
    const b = fingerprint(makeTask({ id: 't', prompt: 'two' }), {
      agentVersion: '1',
      inputHashes: { 'a.txt': h('3'), 'b.txt': h('4') },
      depParts: { d: { outputs: { 'o.txt': h('2') } } },
    }).parts;
    expect(diffParts(a, b)).toEqual([
      'definition: prompt changed',
      'input a.txt changed',
      'input b.txt added',
      "dependency d's outputs changed",
    ]);
  });
});

describe('hashing files', () => {
  it('expands globs sorted, hashes plain paths, and reports missing outputs', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'orc-fp-'));
    for (const f of ['b.ts', 'a.ts', 'c.md']) writeFileSync(path.join(root, f), f);
    const hasher = new FileHasher(root, new Map());
    const hashes = hashPatterns(hasher, ['*.ts', 'c.md', 'gone.txt']);
    expect(Object.keys(hashes.hashes)).toEqual(['a.ts', 'b.ts', 'c.md']);
    expect(unmatchedPatterns(['*.ts', 'gone.txt', 'dist/**'], hashes)).toEqual(['gone.txt', 'dist/**']);
  });

  it('reuses a hash while size, mtime and inode are unchanged, and rehashes when they change', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'orc-fp-'));
    const file = path.join(root, 'x.txt');
    writeFileSync(file, 'one');
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    const hasher = new FileHasher(root, new Map(), { clockFile: path.join(root, 'clock') });
    const first = hasher.hash('x.txt');
    expect(hasher.takeChanges().size).toBe(1);
    expect(hasher.hash('x.txt')).toBe(first);
    expect(hasher.takeChanges().size).toBe(0); // reused, not read again
    writeFileSync(file, 'two');
    utimesSync(file, past, past); // same mtime, same size: the ctime still moved
    expect(hasher.hash('x.txt')).not.toBe(first);
  });
});
