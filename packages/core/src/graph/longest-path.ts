// Longest paths through the DAG: the number of waves a plan needs at least, and the critical
// path that bounds a run's makespan however many tasks run at once.
import type { DirectedGraph } from 'graphology';
import { topologicalSort } from 'graphology-dag';
import { type TaskId, asTaskId } from '../plan/model.ts';
import { compareIds } from './build-graph.ts';

/** The number of nodes on the longest path (0 for an empty graph). Throws on a cycle. */
export function longestPathLength(graph: DirectedGraph): number {
  return criticalPath(graph, () => 1).total;
}

export interface CriticalPath {
  /** The path, from a task without dependencies to a task nothing depends on. */
  path: TaskId[];
  /** The sum of `weight` along it. */
  total: number;
}

/**
 * The heaviest path when each task weighs `weight(id)` (e.g. its expected duration). Ties go to
 * the smaller id, so the answer is stable. Throws on a cycle (validate the plan first).
 */
export function criticalPath(graph: DirectedGraph, weight: (id: TaskId) => number): CriticalPath {
  const best = new Map<string, { total: number; previous: string | undefined }>();
  let end: string | undefined;
  for (const node of topologicalSort(graph)) {
    let previous: string | undefined;
    let total = 0;
    for (const dep of graph.inNeighbors(node)) {
      const candidate = best.get(dep)!.total;
      if (candidate > total || (candidate === total && previous !== undefined && compareIds(dep, previous) < 0)) {
        total = candidate;
        previous = dep;
      }
    }
    const entry = { total: total + weight(asTaskId(node)), previous };
    best.set(node, entry);
    const current = end === undefined ? undefined : best.get(end)!;
    if (!current || entry.total > current.total || (entry.total === current.total && compareIds(node, end!) < 0)) end = node;
  }
  const path: TaskId[] = [];
  for (let at = end; at !== undefined; at = best.get(at)!.previous) path.push(asTaskId(at));
  return { path: path.reverse(), total: end === undefined ? 0 : best.get(end)!.total };
}
