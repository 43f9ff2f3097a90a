// The longest chain of dependent work: no schedule, however parallel, finishes sooner. Pure.
import type { TaskId } from '@orchestra/core';

export interface CriticalPath {
  /** From the first task to the last, dependencies first. */
  ids: TaskId[];
  durationMs: number;
}

/**
 * Longest path through the DAG where each task weighs `weightOf(id)` ms. Ties go to the smaller id,
 * so the answer is stable. `dependsOn` must be acyclic (the plan loader guarantees it).
 */
export function criticalPath(
  ids: readonly TaskId[],
  dependsOn: (id: TaskId) => readonly TaskId[],
  weightOf: (id: TaskId) => number,
): CriticalPath {
  const best = new Map<TaskId, { total: number; via?: TaskId }>();
  const known = new Set(ids);
  // Iterative post-order DFS: plans may be deep enough to overflow recursion.
  for (const root of ids) {
    if (best.has(root)) continue;
    const stack: { id: TaskId; expanded: boolean }[] = [{ id: root, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (best.has(top.id)) {
        stack.pop();
        continue;
      }
      const deps = dependsOn(top.id).filter((d) => known.has(d));
      if (!top.expanded) {
        top.expanded = true;
        for (const dep of deps) if (!best.has(dep)) stack.push({ id: dep, expanded: false });
        continue;
      }
      stack.pop();
      let via: TaskId | undefined;
      let longest = 0;
      for (const dep of [...deps].sort()) {
        const total = best.get(dep)?.total ?? 0;
        if (via === undefined || total > longest) {
          via = dep;
          longest = total;
        }
      }
      best.set(top.id, { total: longest + Math.max(0, weightOf(top.id)), via });
    }
  }
  let end: TaskId | undefined;
  for (const id of [...ids].sort()) {
    if (end === undefined || (best.get(id)?.total ?? 0) > (best.get(end)?.total ?? 0)) end = id;
  }
  const path: TaskId[] = [];
  for (let at = end; at !== undefined; at = best.get(at)?.via) path.unshift(at);
  return { ids: path, durationMs: end === undefined ? 0 : (best.get(end)?.total ?? 0) };
}
