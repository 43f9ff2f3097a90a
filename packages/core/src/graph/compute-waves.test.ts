import { describe, expect, it } from 'vitest';
import type { Plan, TaskId } from '../plan/model.ts';
import { buildGraph } from './build-graph.ts';
import { computeWaves } from './compute-waves.ts';
import { tasksConflict } from './conflicts.ts';
import { longestPathLength } from './longest-path.ts';
import { type RandomDagOptions, randomDag } from './random-dag.ts';
import { makePlan } from './test-plan.ts';

describe('computeWaves', () => {
  it('orders tasks by topological generation, ids sorted within a wave', () => {
    const plan = makePlan([
      { id: 'check', dependsOn: ['logic', 'styling'] },
      { id: 'styling', dependsOn: ['html'] },
      { id: 'logic', dependsOn: ['html'] },
      { id: 'html' },
      { id: 'alone' },
    ]);
    expect(computeWaves(plan)).toEqual([['alone', 'html'], ['logic', 'styling'], ['check']]);
  });

  it('splits a generation so that tasks with overlapping outputs or a shared lock never share a wave', () => {
    const plan = makePlan([
      { id: 'a', outputs: ['dist/**'] },
      { id: 'b', locks: ['db'] },
      { id: 'c', outputs: ['dist/c.js'] },
      { id: 'd', locks: ['db'] },
      { id: 'e', outputs: ['docs/e.md'] },
      { id: 'f', dependsOn: ['a', 'b', 'c', 'd', 'e'] },
    ]);
    expect(computeWaves(plan)).toEqual([['a', 'b', 'e'], ['c', 'd'], ['f']]);
  });

  it('places each task in the first sub-wave it fits (first fit, in id order)', () => {
    const plan = makePlan([
      { id: 'a', outputs: ['x'] },
      { id: 'b', outputs: ['x'] },
      { id: 'c', outputs: ['y'] },
      { id: 'd', outputs: ['x'] },
    ]);
    expect(computeWaves(plan)).toEqual([['a', 'c'], ['b'], ['d']]);
  });

  it('accepts a prebuilt graph and an empty plan', () => {
    const plan = makePlan([{ id: 'b', dependsOn: ['a'] }, { id: 'a' }]);
    expect(computeWaves(plan, buildGraph(plan))).toEqual([['a'], ['b']]);
    expect(computeWaves(makePlan([]))).toEqual([]);
  });

  it('refuses a cyclic plan, naming the cycle', () => {
    const plan = makePlan([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }, { id: 'c' }]);
    expect(() => computeWaves(plan)).toThrow(/cycle \(a → b → a\)/);
    expect(() => computeWaves(plan, buildGraph(plan))).toThrow(/cycle \(a → b → a\)/);
  });

  it('takes its generations from the graph when one is given (e.g. a subgraph)', () => {
    const plan = makePlan([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }, { id: 'c', dependsOn: ['b'] }]);
    const graph = buildGraph(plan);
    graph.dropEdge('b', 'c');
    expect(computeWaves(plan, graph)).toEqual([['a', 'c'], ['b']]);
  });
});

function checkWaves(plan: Plan, waves: TaskId[][]): void {
  const waveOf = new Map<TaskId, number>();
  waves.forEach((wave, i) => {
    expect(wave.length).toBeGreaterThan(0);
    expect([...wave].sort()).toEqual(wave);
    for (const id of wave) {
      expect(waveOf.has(id), `${id} appears twice`).toBe(false);
      waveOf.set(id, i);
    }
  });
  // Every task appears exactly once.
  expect([...waveOf.keys()].sort()).toEqual([...plan.taskIds]);
  // Every edge goes from an earlier wave to a later one.
  for (const task of plan.tasks.values()) {
    for (const dep of task.dependsOn) expect(waveOf.get(dep)!).toBeLessThan(waveOf.get(task.id)!);
  }
  // No conflicting pair shares a wave.
  for (const wave of waves) {
    for (let i = 0; i < wave.length; i++) {
      for (let j = i + 1; j < wave.length; j++) {
        const [a, b] = [plan.tasks.get(wave[i]!)!, plan.tasks.get(wave[j]!)!];
        expect(tasksConflict(a, b), `${a.id} and ${b.id} conflict in one wave`).toBe(false);
      }
    }
  }
}

describe('computeWaves on random DAGs', () => {
  const shapes: [string, Omit<RandomDagOptions, 'outputPool' | 'lockPool'>][] = [
    ['sparse', { tasks: 60, edges: 40 }],
    ['dense', { tasks: 60, edges: 600 }],
    ['long chains', { tasks: 80, edges: 200, window: 2 }],
    ['wide', { tasks: 200, edges: 100 }],
  ];

  it.each(shapes)('%s, without conflicts: waves = longest path, edges forward, each task once', (_, shape) => {
    for (let seed = 1; seed <= 25; seed++) {
      const plan = makePlan(randomDag(seed, shape));
      const waves = computeWaves(plan);
      checkWaves(plan, waves);
      expect(waves.length).toBe(longestPathLength(buildGraph(plan)));
      // The plan's own generations agree with graphology-dag's on the built graph.
      expect(computeWaves(plan, buildGraph(plan))).toEqual(waves);
    }
  });

  it.each(shapes)('%s, with globs, paths and locks: edges forward, no conflict inside a wave', (_, shape) => {
    const outputPool = ['dist', 'dist/a.js', 'dist/**/*.map', 'src/*.ts', 'src/main.ts', 'src/**/*.css', 'docs/{a,b}.md', 'docs/b.md', 'x'];
    let splits = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const options = { ...shape, outputChance: 0.5, outputPool, lockChance: 0.2, lockPool: ['db', 'net'] };
      const plan = makePlan(randomDag(seed, options));
      const waves = computeWaves(plan);
      checkWaves(plan, waves);
      expect(computeWaves(plan, buildGraph(plan))).toEqual(waves);
      expect(waves.length).toBeGreaterThanOrEqual(longestPathLength(buildGraph(plan)));
      splits += waves.length - longestPathLength(buildGraph(plan));
    }
    // The conflicts really split waves, so the check above is not vacuous.
    expect(splits).toBeGreaterThan(0);
  });

  it('handles 10,000 tasks and 20,000 edges', () => {
    const plan = makePlan(randomDag(42, { tasks: 10_000, edges: 20_000, ownOutputs: true }));
    const waves = computeWaves(plan);
    expect(waves.flat()).toHaveLength(10_000);
    expect(waves.length).toBe(longestPathLength(buildGraph(plan)));
  });
});
