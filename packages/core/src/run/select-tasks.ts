// Which tasks a run considers (`--only`, `--from`) and which it forces (`--from`, `--force`).
//   --only a,b   a, b and everything they depend on
//   --only a,b --no-deps   just a and b (their dependencies are taken as found on disk: see runPlan)
//   --from x     x and its descendants, forced; plus what they depend on (run only if not cached)
import type { Plan, TaskId } from '../plan/model.ts';

export interface Selection {
  selected: Set<TaskId>;
  forced: Set<TaskId>;
}

export function dependentsOf(plan: Plan): Map<TaskId, TaskId[]> {
  const out = new Map<TaskId, TaskId[]>();
  for (const id of plan.taskIds) {
    for (const dep of plan.tasks.get(id)!.dependsOn) {
      const list = out.get(dep);
      if (list) list.push(id);
      else out.set(dep, [id]);
    }
  }
  return out;
}

export function selectTasks(
  plan: Plan,
  options: { only?: readonly TaskId[]; from?: TaskId; force?: boolean; noDeps?: boolean },
  dependents: ReadonlyMap<TaskId, readonly TaskId[]> = dependentsOf(plan),
): Selection {
  for (const id of [...(options.only ?? []), ...(options.from ? [options.from] : [])]) {
    if (!plan.tasks.has(id)) throw new Error(`selectTasks: unknown task ${id}`);
  }
  const forced = new Set<TaskId>();
  if (options.from) {
    const stack = [options.from];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (forced.has(id)) continue;
      forced.add(id);
      stack.push(...(dependents.get(id) ?? []));
    }
  }
  const roots = options.only || options.from ? [...(options.only ?? []), ...forced] : plan.taskIds;
  const selected = new Set<TaskId>();
  const stack = [...roots];
  if (options.noDeps && options.only) {
    for (const id of roots) selected.add(id);
    stack.length = 0;
  }
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (selected.has(id)) continue;
    selected.add(id);
    stack.push(...plan.tasks.get(id)!.dependsOn);
  }
  if (options.force) for (const id of selected) forced.add(id);
  return { selected, forced };
}
