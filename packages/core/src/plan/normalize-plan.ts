// Raw plan (structurally valid) -> the resolved Plan the engine uses: defaults merged into every task,
// durations in milliseconds, sorted and de-duplicated lists, path patterns in one spelling. Unknown and self dependencies are dropped
// here (the rules report them), so the graph can still be built and checked for cycles.
import path from 'node:path';
import { asTaskId, DEFAULT_AGENT, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, type AgentOptions, type Plan, type Task, type TaskId } from './model.ts';
import { normalizePattern } from './normalize-pattern.ts';
import { parseDuration } from './parse-duration.ts';
import type { RawDefaults, RawPlan, RawTask } from './schema.ts';
import type { PlanSource } from './yaml-source.ts';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = <T extends string>(items: readonly T[]): T[] => [...new Set(items)].sort(byCodeUnit);

const AGENT_OPTION_KEYS = [
  'model',
  'permissionMode',
  'allowedTools',
  'disallowedTools',
  'maxTurns',
  'maxCostUsd',
  'appendSystemPrompt',
  'addDirs',
  'mcpConfig',
] as const satisfies ReadonlyArray<keyof AgentOptions>;

/** Sets only the options that are defined, so a resolved task has no `key: undefined` noise. */
function agentOptions(task: RawTask, defaults: RawDefaults): AgentOptions {
  const options: Record<string, unknown> = {};
  for (const key of AGENT_OPTION_KEYS) {
    const value = task[key] ?? defaults[key];
    if (value !== undefined) options[key] = Array.isArray(value) ? [...value] : value;
  }
  return options as AgentOptions;
}

function normalizeTask(id: TaskId, raw: RawTask, plan: RawPlan, known: ReadonlySet<string>, source?: PlanSource): Task {
  const defaults = plan.defaults ?? {};
  const timeout = raw.timeout ?? defaults.timeout;
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout);
  const lock = raw.lock === undefined ? [] : typeof raw.lock === 'string' ? [raw.lock] : raw.lock;
  const task: Task = {
    id,
    agent: raw.agent ?? defaults.agent ?? DEFAULT_AGENT,
    dependsOn: sortedUnique((raw.dependsOn ?? []).filter((dep) => dep !== id && known.has(dep)).map(asTaskId)),
    inputs: (raw.inputs ?? []).map(normalizePattern),
    outputs: (raw.outputs ?? []).map(normalizePattern),
    verify: [...(raw.verify ?? [])],
    locks: sortedUnique(lock),
    retries: raw.retries ?? defaults.retries ?? DEFAULT_RETRIES,
    isolation: raw.isolation ?? defaults.isolation ?? plan.isolation ?? 'none',
    ...agentOptions(raw, defaults),
  };
  if (raw.description !== undefined) task.description = raw.description;
  if (raw.prompt !== undefined) task.prompt = raw.prompt;
  if (raw.run !== undefined) task.run = raw.run;
  if (timeoutMs !== undefined) task.timeoutMs = timeoutMs;
  if (source) task.pos = source.positionOf(['tasks', id], 'key');
  return task;
}

/** `file` is the plan's path; its folder is the workspace root of the plan's paths and state. */
export function normalizePlan(raw: RawPlan, file: string, source?: PlanSource): Plan {
  const root = path.dirname(file);
  const taskIds = Object.keys(raw.tasks).sort(byCodeUnit).map(asTaskId);
  const known = new Set<string>(taskIds);
  const tasks = new Map<TaskId, Task>();
  for (const id of taskIds) tasks.set(id, normalizeTask(id, raw.tasks[id] ?? {}, raw, known, source));
  const plan: Plan = {
    file,
    root,
    version: 1,
    name: raw.name ?? path.basename(root),
    concurrency: raw.concurrency ?? DEFAULT_CONCURRENCY,
    schedule: raw.schedule ?? 'eager',
    strict: raw.strict ?? false,
    isolation: raw.isolation ?? 'none',
    budget: raw.budget?.maxCostUsd === undefined ? {} : { maxCostUsd: raw.budget.maxCostUsd },
    taskIds,
    tasks,
  };
  if (raw.description !== undefined) plan.description = raw.description;
  if (raw.claudePath !== undefined) plan.claudePath = raw.claudePath;
  return plan;
}
