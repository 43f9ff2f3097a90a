// Which recorded tasks `orchestra reset` clears: all of them, or the named tasks and everything
// downstream of them (their results feed those tasks' fingerprints). Pure.
import { asTaskId, buildGraph, didYouMean, type Plan, type TaskId } from '@orchestra/core';

export type ResetTargets = { ok: true; ids: string[] } | { ok: false; message: string };

export function resetTargets(plan: Plan, recorded: readonly string[], named: readonly string[]): ResetTargets {
  if (named.length === 0) return { ok: true, ids: [...recorded].sort() };
  const unknown = named.filter((id) => !plan.tasks.has(asTaskId(id)));
  if (unknown.length) {
    const lines = unknown.map((id) => {
      const near = didYouMean(id, plan.taskIds);
      return `  "${id}" is not a task of ${plan.name}${near ? `; did you mean "${near}"?` : ''}`;
    });
    return { ok: false, message: `orchestra reset: unknown task${unknown.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n  The tasks are: ${plan.taskIds.join(', ')}` };
  }
  const graph = buildGraph(plan);
  const seen = new Set<string>();
  const stack: string[] = [...named];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...graph.outNeighbors(id));
  }
  const has = new Set(recorded);
  return { ok: true, ids: [...seen].filter((id) => has.has(id)).sort() as TaskId[] };
}
