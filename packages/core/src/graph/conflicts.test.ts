import { describe, expect, it } from 'vitest';
import { buildConflictIndex, conflictingPairs, createClaims, outputsOverlap, tasksConflict } from './conflicts.ts';
import { randomDag } from './random-dag.ts';
import { makeTask } from './test-plan.ts';

describe('outputsOverlap', () => {
  it.each([
    ['dist/a.js', 'dist/a.js', true],
    ['dist/a.js', 'dist/b.js', false],
    ['dist', 'dist/a.js', true],
    ['dist/', 'dist/a.js', true],
    ['dist/**', 'dist', true],
    ['dist/*.js', 'dist/a.js/x', true],
    ['dist/*.js', 'dist/sub/x.css', false],
    ['src/*.ts', 'src/lib/x.ts', false],
    ['a.txt', 'a.txt.bak', false],
    ['build/{a,b}', 'build/b/c.txt', true],
    ['**/*.log', 'x.txt', false],
    ['**/*.js', 'dist', true],
    ['src/**/*.ts', 'src/styles.css', false],
    ['src/*', 'src/a/b.ts', true],
    ['a.d', 'a.d/x', true],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(outputsOverlap(a, b)).toBe(expected);
    expect(outputsOverlap(b, a)).toBe(expected);
  });
});

describe('tasksConflict', () => {
  it('is true for overlapping outputs or a shared lock, false otherwise', () => {
    const a = makeTask({ id: 'a', outputs: ['src/**/*.ts'], locks: ['db'] });
    expect(tasksConflict(a, makeTask({ id: 'b', outputs: ['src/x/y.ts'] }))).toBe(true);
    expect(tasksConflict(a, makeTask({ id: 'b', outputs: ['docs/x.md'], locks: ['db'] }))).toBe(true);
    expect(tasksConflict(a, makeTask({ id: 'b', outputs: ['src/x/y.js'], locks: ['net'] }))).toBe(false);
    expect(tasksConflict(a, makeTask({ id: 'b' }))).toBe(false);
  });

  it('ignores negated outputs (an exclusion can only remove conflicts)', () => {
    const a = makeTask({ id: 'a', outputs: ['dist/**', '!dist/cache/**'] });
    expect(tasksConflict(a, makeTask({ id: 'b', outputs: ['dist/cache/x'] }))).toBe(true);
    expect(tasksConflict(makeTask({ id: 'c', outputs: ['!x'] }), makeTask({ id: 'd', outputs: ['x'] }))).toBe(false);
  });
});

describe('conflict index and claims', () => {
  it('lists every conflicting pair', () => {
    const tasks = [
      makeTask({ id: 'a', outputs: ['dist/a.js'] }),
      makeTask({ id: 'b', outputs: ['dist/**'] }),
      makeTask({ id: 'c', outputs: ['dist/a.js'] }),
      makeTask({ id: 'd', outputs: ['docs/readme.md'], locks: ['db'] }),
      makeTask({ id: 'e', outputs: ['docs'], locks: ['db'] }),
      makeTask({ id: 'f', outputs: ['src/*.ts'] }),
      makeTask({ id: 'g', outputs: ['src/main.ts', 'lib/x'] }),
      makeTask({ id: 'h', outputs: ['lib'] }),
    ];
    expect(conflictingPairs(tasks)).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
      ['d', 'e'],
      ['f', 'g'],
      ['g', 'h'],
    ]);
  });

  it('claims track what a set of tasks holds, and release it', () => {
    const a = makeTask({ id: 'a', outputs: ['out/**'] });
    const b = makeTask({ id: 'b', outputs: ['out/b.txt'] });
    const c = makeTask({ id: 'c', locks: ['db'] });
    const d = makeTask({ id: 'd', locks: ['db'], outputs: ['other'] });
    const claims = createClaims(buildConflictIndex([a, b, c, d]));
    claims.add(a);
    claims.add(c);
    expect(claims.conflicts(b)).toBe(true);
    expect(claims.conflicts(d)).toBe(true);
    claims.remove(a);
    claims.remove(c);
    expect(claims.conflicts(b)).toBe(false);
    expect(claims.conflicts(d)).toBe(false);
    expect(claims.size).toBe(0);
  });

  it('agrees with pairwise tasksConflict on random plans with globs, paths and locks', () => {
    const pool = [
      ...['a/x.txt', 'a/y.txt', 'a', 'a/**', 'a/b/*.txt', 'a/*/x.txt', 'a/b/c/*', 'a/b/q.txt', 'a/b/c/d.txt'],
      ...['b/*.js', 'b/c.js', 'b/c.ts', '**/*.ts', 'c/{d,e}.md', 'c/e.md', 'd/[0-9].log', 'd/5.log', './d//6.log/'],
    ];
    const sketches = randomDag(5, { tasks: 120, edges: 0, outputChance: 0.9, outputPool: pool, lockChance: 0.2, lockPool: ['l1', 'l2'] });
    const tasks = sketches.map(makeTask);
    const expected: [string, string][] = [];
    for (const x of tasks) for (const y of tasks) if (x.id < y.id && tasksConflict(x, y)) expected.push([x.id, y.id]);
    expect(conflictingPairs(tasks)).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(100);
  });
});
