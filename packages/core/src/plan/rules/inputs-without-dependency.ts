import { buildConflictIndex, type ConflictIndex } from '../../graph/conflicts.ts';
import { normalizeGlobPath } from '../../graph/glob-nfa.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { Plan, TaskId } from '../model.ts';
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

const READS = '\0reads:';

/** The output patterns (and, as `READS` pseudo-tasks, the input patterns) of a plan, and who writes each. */
interface PatternIndex {
  index: ConflictIndex;
  writers: ReadonlyMap<string, readonly TaskId[]>;
}

// Built once per plan for the two rules that read it (a 10,000-task plan's index is not free).
const indexes = new WeakMap<Plan, PatternIndex>();

export function patternIndex(plan: Plan): PatternIndex {
  const known = indexes.get(plan);
  if (known) return known;
  const tasks = [...plan.tasks.values()];
  const index = buildConflictIndex([
    ...tasks,
    ...tasks.filter((task) => task.inputs.length > 0).map((task) => ({ id: `${READS}${task.id}` as TaskId, outputs: task.inputs })),
  ]);
  const writers = new Map<string, TaskId[]>();
  for (const task of tasks) {
    for (const pattern of index.outputsOf.get(task.id) ?? []) {
      const list = writers.get(pattern);
      if (list) list.push(task.id);
      else writers.set(pattern, [task.id]);
    }
  }
  const built = { index, writers };
  indexes.set(plan, built);
  return built;
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

/** Where a pattern is written: in the task's own `inputs`/`outputs` when it is there, else (from defaults) the task. */
export function patternPath(context: RuleContext, id: TaskId, key: 'inputs' | 'outputs', pattern: string): Array<string | number> {
  const raw = context.raw.tasks[id]?.[key];
  const at = (raw ?? []).findIndex((item) => normalizeGlobPath(item) === pattern);
  if (at >= 0) return ['tasks', id, key, at];
  return context.plan.tasks.get(id)![key].length > 0 && raw ? ['tasks', id, key] : ['tasks', id];
}
