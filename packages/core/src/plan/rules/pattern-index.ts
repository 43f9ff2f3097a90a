// The index of a plan's output patterns (and, as pseudo-tasks, its input patterns) that the rules about
// overlapping paths share: inputs-without-dependency.ts and overlapping-outputs.ts.
import { buildConflictIndex, type ConflictIndex } from '../../graph/conflicts.ts';
import { normalizeGlobPath } from '../../graph/glob-nfa.ts';
import type { Plan, TaskId } from '../model.ts';
import type { RuleContext } from './rule-context.ts';

/** Input patterns are indexed as the outputs of pseudo-tasks named `READS + id`. */
export const READS = '\0reads:';

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

/** Where a pattern is written: in the task's own `inputs`/`outputs` when it is there, else (from defaults) the task. */
export function patternPath(context: RuleContext, id: TaskId, key: 'inputs' | 'outputs', pattern: string): Array<string | number> {
  const raw = context.raw.tasks[id]?.[key];
  const at = (raw ?? []).findIndex((item) => normalizeGlobPath(item) === pattern);
  if (at >= 0) return ['tasks', id, key, at];
  return context.plan.tasks.get(id)![key].length > 0 && raw ? ['tasks', id, key] : ['tasks', id];
}
