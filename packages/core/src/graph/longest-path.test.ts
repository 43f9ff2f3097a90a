import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph.ts';
import { criticalPath, longestPathLength, planDag } from './longest-path.ts';
import { randomDag, seededRandom } from './random-dag.ts';
import { makePlan } from './test-plan.ts';
import type { TaskId } from '../plan/model.ts';

describe('longestPathLength', () => {
  it('counts the nodes on the longest chain', () => {
    expect(longestPathLength(buildGraph(makePlan([])))).toBe(0);
    expect(longestPathLength(buildGraph(makePlan([{ id: 'a' }, { id: 'b' }])))).toBe(1);
    const plan = makePlan([
      { id: 'a' },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['b'] },
      { id: 'd', dependsOn: ['a'] },
    ]);
    expect(longestPathLength(buildGraph(plan))).toBe(3);
  });
});

describe('criticalPath', () => {
  it('follows the heaviest chain, ties to the smaller id', () => {
    const plan = makePlan([
      { id: 'a' },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['a'] },
      { id: 'd', dependsOn: ['b', 'c'] },
    ]);
    const minutes: Record<string, number> = { a: 1, b: 5, c: 2, d: 1 };
    expect(criticalPath(buildGraph(plan), (id) => minutes[id]!)).toEqual({ path: ['a', 'b', 'd'], total: 7 });
    expect(criticalPath(buildGraph(plan), () => 1)).toEqual({ path: ['a', 'b', 'd'], total: 3 });
  });

  it('throws on a cycle', () => {
    const plan = makePlan([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }]);
    expect(() => criticalPath(buildGraph(plan), () => 1)).toThrow(/acyclic/);
    expect(() => criticalPath(planDag(plan), () => 1)).toThrow(/cycle/);
  });

  it('finds the same path from the plan as from its graph, ties included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const plan = makePlan(randomDag(seed, { tasks: 60, edges: 90, window: 12 }));
      const random = seededRandom(seed);
      // Few distinct weights, zeros among them: many ties to break the same way.
      const weights = new Map(plan.taskIds.map((id) => [id, Math.floor(random() * 3)]));
      const weight = (id: TaskId): number => weights.get(id)!;
      expect(criticalPath(planDag(plan), weight)).toEqual(criticalPath(buildGraph(plan), weight));
    }
  });
});
