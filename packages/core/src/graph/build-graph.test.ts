import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph.ts';
import { makePlan } from './test-plan.ts';

describe('buildGraph', () => {
  it('has a node per task in sorted order and an edge from each dependency to its dependent', () => {
    const graph = buildGraph(makePlan([{ id: 'c', dependsOn: ['a', 'b'] }, { id: 'b', dependsOn: ['a'] }, { id: 'a' }]));
    expect(graph.nodes()).toEqual(['a', 'b', 'c']);
    expect(graph.edges().map((e) => `${graph.source(e)}->${graph.target(e)}`)).toEqual(['b->c', 'a->c', 'a->b'].sort());
    expect(graph.outNeighbors('a')).toEqual(['b', 'c']);
  });

  it('leaves out unknown dependencies and self-dependencies (the plan rules report them)', () => {
    const graph = buildGraph(makePlan([{ id: 'a', dependsOn: ['a', 'ghost'] }, { id: 'b', dependsOn: ['a'] }]));
    expect(graph.order).toBe(2);
    expect(graph.size).toBe(1);
    expect(graph.hasEdge('a', 'b')).toBe(true);
  });

  it('builds an empty graph for an empty plan', () => {
    expect(buildGraph(makePlan([])).order).toBe(0);
  });
});
