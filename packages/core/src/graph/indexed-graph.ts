// The graph as integer indexes into the sorted ids, with successor lists as typed arrays: the form
// the hot loops (cycles, generations) walk. Built from a graphology graph or, skipping graphology's
// per-edge cost, straight from a plan.
import type { DirectedGraph } from 'graphology';
import type { Plan, TaskId } from '../plan/model.ts';
import { compareIds } from './compare-ids.ts';

/** Nodes in sorted order, and each node's successors as sorted indexes into that order. */
export interface IndexedGraph {
  ids: string[];
  successors: Int32Array[];
}

/** The same graph as `buildGraph(plan)`: edges dependency -> dependent, unknown and self dependencies left out. */
export function indexPlan(plan: Pick<Plan, 'tasks'>): IndexedGraph {
  const ids = [...plan.tasks.keys()].sort(compareIds);
  const indexOf = new Map<string, number>(ids.map((id, i) => [id, i]));
  const lists: number[][] = ids.map(() => []);
  ids.forEach((id, i) => {
    for (const dep of plan.tasks.get(id as TaskId)!.dependsOn) {
      const from = indexOf.get(dep);
      // Dependents arrive in increasing order, so each list comes out sorted and a repeated
      // dependency can only repeat the last entry.
      if (from !== undefined && from !== i && lists[from]!.at(-1) !== i) lists[from]!.push(i);
    }
  });
  return { ids, successors: lists.map((list) => Int32Array.from(list)) };
}

export function indexGraph(graph: DirectedGraph): IndexedGraph {
  const ids = [...graph.nodes()].sort(compareIds);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const successors = ids.map((id) => Int32Array.from(graph.outNeighbors(id), (next) => indexOf.get(next)!).sort());
  return { ids, successors };
}
