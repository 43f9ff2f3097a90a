import { DirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph.ts';
import { findCycle, findCycles, findPlanCycleGroups, findPlanCycles } from './find-cycle.ts';
import { randomDag } from './random-dag.ts';
import { makePlan } from './test-plan.ts';

function graphOf(edges: [string, string][], nodes: string[] = []): DirectedGraph {
  const graph = new DirectedGraph();
  for (const node of nodes) graph.mergeNode(node);
  for (const [from, to] of edges) graph.mergeEdge(from, to);
  return graph;
}

describe('findCycle', () => {
  it('returns undefined for a DAG', () => {
    expect(findCycle(graphOf([['a', 'b'], ['b', 'c'], ['a', 'c']]))).toBeUndefined();
    expect(findCycle(graphOf([]))).toBeUndefined();
  });

  it('returns the cycle as a path along the edges that ends where it starts, from the smallest id', () => {
    expect(findCycle(graphOf([['b', 'c'], ['c', 'a'], ['a', 'b']]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(graphOf([['x', 'y'], ['y', 'x'], ['w', 'x']]))).toEqual(['x', 'y', 'x']);
  });

  it('reports a self-loop as [a, a]', () => {
    expect(findCycle(graphOf([['a', 'a']]))).toEqual(['a', 'a']);
  });

  it('finds a cycle among dependsOn in a plan (edges run dependency -> dependent)', () => {
    const plan = makePlan([
      { id: 'a', dependsOn: ['c'] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['b'] },
      { id: 'd', dependsOn: ['a'] },
    ]);
    // c -> a (a depends on c), a -> b, b -> c.
    expect(findCycle(buildGraph(plan))).toEqual(['a', 'b', 'c', 'a']);
  });

  it('prefers a shortest cycle through the smallest id of the component', () => {
    // a -> b -> c -> d -> a, plus the shortcut b -> a.
    const cycle = findCycle(graphOf([['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'a'], ['b', 'a']]));
    expect(cycle).toEqual(['a', 'b', 'a']);
  });

  it('is deterministic whatever the insertion order', () => {
    const edges: [string, string][] = [['m', 'n'], ['n', 'o'], ['o', 'm'], ['b', 'c'], ['c', 'b']];
    expect(findCycle(graphOf(edges))).toEqual(['b', 'c', 'b']);
    expect(findCycle(graphOf([...edges].reverse()))).toEqual(['b', 'c', 'b']);
  });

  it('works without recursion on a 20,000-node chain closed into a ring', () => {
    const n = 20_000;
    const ids = Array.from({ length: n }, (_, i) => `n${String(i).padStart(5, '0')}`);
    const graph = graphOf(ids.map((id, i) => [id, ids[(i + 1) % n]!]));
    const cycle = findCycle(graph)!;
    expect(cycle).toHaveLength(n + 1);
    expect(cycle[0]).toBe('n00000');
    expect(cycle.at(-1)).toBe('n00000');
    expect(cycle[1]).toBe('n00001');
  });

  it('finds no cycle in large random DAGs, and finds the one added edge that closes a cycle', () => {
    const plan = makePlan(randomDag(3, { tasks: 5_000, edges: 10_000 }));
    const graph = buildGraph(plan);
    expect(findCycle(graph)).toBeUndefined();
    const [edge] = graph.edges();
    graph.addEdge(graph.target(edge!), graph.source(edge!));
    const cycle = findCycle(graph)!;
    expect(cycle).toHaveLength(3);
    expect(new Set(cycle)).toEqual(new Set([graph.source(edge!), graph.target(edge!)]));
  });
});

describe('findCycles', () => {
  it('returns one cycle per strongly connected component, sorted by first id', () => {
    const graph = graphOf([
      ['x', 'y'],
      ['y', 'x'],
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['s', 's'],
      ['c', 'x'],
    ], ['lonely']);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['s', 's'],
      ['x', 'y', 'x'],
    ]);
  });

  it('every returned path follows real edges', () => {
    const plan = makePlan(randomDag(11, { tasks: 300, edges: 600 }));
    const graph = buildGraph(plan);
    // Add back edges to make cycles.
    graph.mergeEdge('t100', 't007');
    graph.mergeEdge('t250', 't100');
    graph.mergeEdge('t007', 't250');
    for (const cycle of findCycles(graph)) {
      expect(cycle[0]).toBe(cycle.at(-1));
      for (let i = 0; i + 1 < cycle.length; i++) expect(graph.hasEdge(cycle[i]!, cycle[i + 1]!)).toBe(true);
    }
    expect(findCycles(graph).length).toBeGreaterThan(0);
  });
});

describe('findPlanCycles', () => {
  it('finds the same cycles as findCycles(buildGraph(plan))', () => {
    const sketches = randomDag(17, { tasks: 400, edges: 900 });
    // Close some cycles: a task depends on one of its dependents.
    const byId = new Map(sketches.map((s) => [s.id, s]));
    let added = 0;
    for (const s of sketches) {
      for (const dep of s.dependsOn ?? []) {
        if (added < 6 && s.id.endsWith('3')) {
          byId.get(dep)!.dependsOn = [...(byId.get(dep)!.dependsOn ?? []), s.id];
          added++;
        }
      }
    }
    sketches.push({ id: 'self', dependsOn: ['self', 'ghost'] });
    const plan = makePlan(sketches);
    const cycles = findPlanCycles(plan);
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles).toEqual(findCycles(buildGraph(plan)));
  });
});

describe('findPlanCycleGroups', () => {
  it('gives every task of a knot, not only those of the reported cycle', () => {
    const plan = makePlan([
      { id: 'build', dependsOn: ['test'] },
      { id: 'test', dependsOn: ['lint', 'build'] },
      { id: 'lint', dependsOn: ['test'] },
      { id: 'docs', dependsOn: ['build'] },
    ]);
    expect(findPlanCycleGroups(plan)).toEqual([{ cycle: ['build', 'test', 'build'], members: ['build', 'lint', 'test'] }]);
  });
});
