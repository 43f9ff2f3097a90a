// Waves: sets of tasks that may run together. The topological generations of the graph
// (generation k holds the tasks whose longest chain of dependencies has k tasks: graphology-dag's
// topologicalGenerations, or plan-generations.ts computing the same from the plan), ids sorted,
// then each generation split so that no two tasks in a wave conflict (conflicts.ts).
//
//   generation:  [a b c d]        a, c write dist/**; b, d share lock "db"
//   waves:       [a b] [c d]      first fit, in id order
//
// Splitting generation k into consecutive sub-waves keeps every edge pointing forward: edges
// never join two tasks of one generation, and the sub-waves sit between generations k-1 and k+1.
import type { DirectedGraph } from 'graphology';
import { topologicalGenerations } from 'graphology-dag';
import { type Plan, type TaskId, asTaskId } from '../plan/model.ts';
import { compareIds } from './compare-ids.ts';
import { type Claims, buildConflictIndex, createClaims } from './conflicts.ts';
import { findCycle, findPlanCycles } from './find-cycle.ts';
import { planGenerations } from './plan-generations.ts';

/**
 * The plan's waves, in order; each wave's ids sorted. Throws on a cycle (validate the plan first).
 * With `graph` (e.g. a subgraph for `--only`), its generations come from graphology-dag; without,
 * from the plan directly (plan-generations.ts: the same answer, without graphology's cost).
 */
export function computeWaves(plan: Plan, graph?: DirectedGraph): TaskId[][] {
  const index = buildConflictIndex(plan.tasks.values());
  const waves: TaskId[][] = [];
  for (const generation of graph ? graphGenerations(graph) : checked(planGenerations(plan), plan)) {
    const slots: { ids: TaskId[]; claims: Claims }[] = [];
    for (const id of generation) {
      const task = plan.tasks.get(id);
      if (!task) throw new Error(`computeWaves: graph node ${id} is not a task of the plan`);
      let slot = slots.find((s) => !s.claims.conflicts(task));
      if (!slot) {
        slot = { ids: [], claims: createClaims(index) };
        slots.push(slot);
      }
      slot.ids.push(id);
      slot.claims.add(task);
    }
    for (const slot of slots) waves.push(slot.ids);
  }
  return waves;
}

function graphGenerations(graph: DirectedGraph): TaskId[][] {
  try {
    return topologicalGenerations(graph).map((generation) => generation.sort(compareIds).map(asTaskId));
  } catch (error: unknown) {
    const cycle = findCycle(graph);
    if (!cycle) throw error;
    throw cycleError(cycle);
  }
}

function checked(generations: TaskId[][] | undefined, plan: Plan): TaskId[][] {
  if (generations) return generations;
  throw cycleError(findPlanCycles(plan)[0] ?? []);
}

function cycleError(cycle: readonly TaskId[]): Error {
  return new Error(`computeWaves: the plan has a cycle (${cycle.join(' → ')}); validate it first`);
}
