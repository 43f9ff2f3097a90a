// Longest paths through the DAG: the number of waves a plan needs at least, and the critical
// path that bounds a run's makespan however many tasks run at once.
import type { DirectedGraph } from 'graphology';
import { topologicalSort } from 'graphology-dag';
import { type Plan, type TaskId, asTaskId } from '../plan/model.ts';
import { topologicalOrder } from '../run/topological-order.ts';
import { compareIds } from './compare-ids.ts';

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
 * A DAG as the longest path reads it: its nodes with every dependency first, and each node's
 * dependencies. The plan gives one without building a graph (`planDag`), which is what a run's
 * summary uses; a graphology graph gives one through `graphDag`.
 */
export interface Dag {
  order: Iterable<string>;
  dependencies(id: string): Iterable<string>;
}

export function graphDag(graph: DirectedGraph): Dag {
  return { order: topologicalSort(graph), dependencies: (id) => graph.inNeighbors(id) };
}

/** The plan's own DAG (its tasks' `dependsOn`), with no graph to build. */
export function planDag(plan: Plan): Dag {
  return { order: topologicalOrder(plan), dependencies: (id) => plan.tasks.get(asTaskId(id))?.dependsOn ?? [] };
}

/**
 * The heaviest path when each task weighs `weight(id)` (e.g. its expected duration). Ties go to
 * the smaller id, so the answer is stable. Throws on a cycle (validate the plan first).
 */
export function criticalPath(graph: DirectedGraph | Dag, weight: (id: TaskId) => number): CriticalPath {
  const dag = 'dependencies' in graph ? graph : graphDag(graph);
  const best = new Map<string, { total: number; previous: string | undefined }>();
  let end: string | undefined;
  for (const node of dag.order) {
    let previous: string | undefined;
    let total = 0;
    for (const dep of dag.dependencies(node)) {
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
