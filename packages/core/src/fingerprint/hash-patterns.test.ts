import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizePattern } from '../plan/normalize-pattern.ts';
import { FileHasher } from './file-hasher.ts';
import { hashPatterns, unmatchedPatterns } from './hash-patterns.ts';
import { compilePatterns } from './path-patterns.ts';

function workspace(files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'orc-patterns-'));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), file);
  }
  return root;
}

describe('hashPatterns', () => {
  it('takes a plain path that is a folder as everything inside it', () => {
    const root = workspace(['src/f.txt', 'src/deep/g.txt', 'other.txt', 'src/skip/x.txt']);
    const found = hashPatterns(new FileHasher(root, new Map()), ['src', '!src/skip']);
    expect(Object.keys(found.hashes)).toEqual(['src/deep/g.txt', 'src/f.txt']);
    expect(unmatchedPatterns(['src', 'other.txt', 'dist'], hashPatterns(new FileHasher(root, new Map()), ['src', 'other.txt', 'dist']))).toEqual(['dist']);
  });

  it('reads patterns the way the output matcher does: a glob naming a folder names its files', () => {
    const root = workspace(['gen/a.txt', 'gen/sub/b.txt', 'gen/c.md', '.orchestra/state.json']);
    const patterns = ['gen/*', '!gen/c.md'];
    const found = Object.keys(hashPatterns(new FileHasher(root, new Map()), patterns).hashes);
    expect(found).toEqual(['gen/a.txt', 'gen/sub/b.txt']);
    const covers = compilePatterns(patterns).covers;
    expect(['gen/a.txt', 'gen/sub/b.txt', 'gen/c.md', 'other.txt'].filter(covers)).toEqual(found);
    expect(compilePatterns(['.']).covers('.orchestra/state.json')).toBe(false);
  });

  it('normalises patterns to one spelling', () => {
    expect(['./a//b/', 'gen2//*.txt', '!./x/', '!(a)/b', 'a/./b', '/abs//x'].map(normalizePattern)).toEqual([
      'a/b',
      'gen2/*.txt',
      '!x',
      '!(a)/b',
      'a/b',
      '/abs/x',
    ]);
  });
});
