import type { Diagnostic } from '../diagnostic.ts';
import type { Plan, TaskId } from '../model.ts';
import { patternIndex, patternPath, READS } from './pattern-index.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * A task that reads another task's output must depend on it (directly or through others): else both
 * may run at once and the reader sees the file before, while or after it is written, and its cache
 * key changes behind its back. Overlap is the scheduler's (graph/conflicts.ts): `dist` as an input
 * reads `dist/a.js`, `src/**\/*.ts` reads `src/gen.ts`. One index of every input and output pattern,
 * so 10,000 tasks cost O(n log n), not n² pattern pairs. Reading one's own output is fine.
 */
export function inputsWithoutDependency(context: RuleContext): Diagnostic[] {
  const { plan } = context;
  if (![...plan.tasks.values()].some((task) => task.inputs.length > 0)) return [];
  const { index, writers } = patternIndex(plan);

  const diagnostics: Diagnostic[] = [];
  for (const id of plan.taskIds) {
    const reader = plan.tasks.get(id)!;
    const direct = new Set<TaskId>(reader.dependsOn);
    const reported = new Set<TaskId>();
    const upstream = lazyAncestors(plan, id);
    for (const input of index.outputsOf.get(`${READS}${id}` as TaskId) ?? []) {
      for (const pattern of [input, ...(index.overlapping.get(input) ?? [])]) {
        for (const writer of writers.get(pattern) ?? []) {
          if (writer === id || direct.has(writer) || reported.has(writer) || upstream().has(writer)) continue;
          reported.add(writer);
          const after = lazyAncestors(plan, writer)().has(id);
          diagnostics.push({
            code: 'input-without-dependency',
            message: `task "${id}" reads "${input}", which task "${writer}" writes, but does not depend on "${writer}"`,
            hint: after
              ? `"${writer}" runs after "${id}": remove "${input}" from the inputs of "${id}", or reorder the two`
              : `add "${writer}" to dependsOn of "${id}"`,
            pos: context.source.positionOf(patternPath(context, id, 'inputs', input)),
          });
        }
      }
    }
  }
  return diagnostics;
}

/** Every task `id` depends on, directly or not; computed once, when first asked. */
function lazyAncestors(plan: Plan, id: TaskId): () => ReadonlySet<TaskId> {
  let found: Set<TaskId> | undefined;
  return () => {
    if (found) return found;
    found = new Set();
    const stack = [...(plan.tasks.get(id)?.dependsOn ?? [])];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (found.has(next)) continue;
      found.add(next);
      stack.push(...(plan.tasks.get(next)?.dependsOn ?? []));
    }
    return found;
  };
}
