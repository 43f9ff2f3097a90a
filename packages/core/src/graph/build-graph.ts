// The plan as a graph: a node per task, an edge dependency -> dependent.
import { DirectedGraph } from 'graphology';
import type { Plan } from '../plan/model.ts';
import { compareIds } from './compare-ids.ts';

export { compareIds };

/**
 * Nodes are added in sorted id order and edges in sorted (dependent, dependency) order, so every
 * traversal of the graph is deterministic. Dependencies that name no task, and a task's dependency
 * on itself, are left out: the plan rules report them (unknown-dependency, self-dependency), and
 * leaving them out lets the other rules (cycles) and `computeWaves` still work on the rest.
 */
export function buildGraph(plan: Plan): DirectedGraph {
  const graph = new DirectedGraph();
  const ids = [...plan.tasks.keys()].sort(compareIds);
  for (const id of ids) graph.addNode(id);
  for (const id of ids) {
    const deps = [...plan.tasks.get(id)!.dependsOn].sort(compareIds);
    for (const dep of deps) {
      if (dep !== id && graph.hasNode(dep)) graph.mergeEdge(dep, id);
    }
  }
  return graph;
}
