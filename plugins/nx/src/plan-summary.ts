// What the Nx plugin needs to know of a plan to infer targets: its name and its tasks' ids, agents,
// dependencies, inputs and outputs. Read leniently with js-yaml alone, never throwing: the plan compiler
// (@orchestra/core) is far too heavy for graph computation, and the targets report the real diagnostics
// when they run. Anything malformed is simply left out here. js-yaml, not `yaml`: this runs on every nx
// command, and js-yaml imports in ~5 ms and parses ~6x faster (positions are not needed here).
import { createHash } from 'node:crypto';
import { load } from 'js-yaml';

export interface TaskSummary {
  id: string;
  agent: string;
  dependsOn: string[];
  inputs: string[];
  outputs: string[];
  /**
   * Hash of everything in the plan that can change what this task does: its own entry, the plan-level
   * settings (defaults, claudePath, budget...), and the ids, descriptions and outputs of its direct
   * dependencies (they are quoted in its prompt). Not other tasks' prompts: editing one task changes
   * one digest, so Nx re-runs that task and, through its outputs, only what really depends on it.
   */
  digest: string;
}

export interface PlanSummary {
  /** The plan's `name`, when it is a usable string. */
  name?: string;
  claudePath?: string;
  /** Sorted by id. Only tasks whose id can be a target name. */
  tasks: TaskSummary[];
  /** Set when the file could not be read as YAML at all (the targets will say why). */
  unreadable: boolean;
}

/** Ids that can name an Nx target and travel on a command line: the same rule as the plan compiler's. */
const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string' && value.length > 0) return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

class TooLarge extends Error {}

/**
 * JSON with sorted keys, so equal plans give equal digests whatever the key order in the file. Bounded:
 * YAML aliases share one value many times over, and an alias bomb must not expand here.
 */
function canonical(value: unknown, budget = { chars: 1_000_000 }): string {
  let text: string;
  if (Array.isArray(value)) text = `[${value.map((v) => canonical(v, budget)).join(',')}]`;
  else if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    text = `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k], budget)}`).join(',')}}`;
  } else text = JSON.stringify(value) ?? 'null';
  budget.chars -= text.length;
  if (budget.chars < 0) throw new TooLarge();
  return text;
}

/** Plan-level keys that cannot change what any task does. */
const NOT_TASK_RELEVANT = new Set(['$schema', 'name', 'description', 'concurrency', 'schedule', 'tasks']);

function taskDigest(
  salt: string,
  plan: Record<string, unknown>,
  id: string,
  tasks: Record<string, unknown>,
  dependsOn: string[],
): string {
  const settings = Object.fromEntries(Object.entries(plan).filter(([key]) => !NOT_TASK_RELEVANT.has(key)));
  const dependencies = dependsOn.map((dep) => {
    const task = tasks[dep];
    return isRecord(task) ? { id: dep, description: task['description'], outputs: task['outputs'] } : { id: dep };
  });
  const text = canonical({ salt, settings, id, task: tasks[id], dependencies });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

/** `salt` joins every digest: the plugin's version, so a new orchestra does not replay old outputs. */
export function summarizePlan(text: string, salt = ''): PlanSummary {
  let raw: unknown;
  try {
    // `json: true`: a duplicated key is not an error here (the compiler reports it when a target runs).
    raw = load(text, { json: true });
  } catch {
    return { tasks: [], unreadable: true };
  }
  if (!isRecord(raw)) return { tasks: [], unreadable: raw !== null && raw !== undefined };
  const defaults = isRecord(raw['defaults']) ? raw['defaults'] : {};
  const defaultAgent = optionalString(defaults['agent']) ?? 'claude';
  const tasks: TaskSummary[] = [];
  const rawTasks = raw['tasks'];
  if (isRecord(rawTasks)) {
    try {
      summarizeTasks(salt, raw, rawTasks, defaultAgent, tasks);
    } catch (error: unknown) {
      if (!(error instanceof TooLarge)) throw error;
      return { tasks: [], unreadable: true };
    }
  }
  tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { name: optionalString(raw['name']), claudePath: optionalString(raw['claudePath']), tasks, unreadable: false };
}

function summarizeTasks(
  salt: string,
  raw: Record<string, unknown>,
  rawTasks: Record<string, unknown>,
  defaultAgent: string,
  tasks: TaskSummary[],
): void {
  for (const [id, task] of Object.entries(rawTasks)) {
    if (!SAFE_ID.test(id) || !isRecord(task)) continue;
    const dependsOn = [...new Set(stringList(task['dependsOn']))].sort();
    tasks.push({
      id,
      agent: optionalString(task['agent']) ?? defaultAgent,
      dependsOn,
      inputs: stringList(task['inputs']),
      outputs: stringList(task['outputs']),
      digest: taskDigest(salt, raw, id, rawTasks, dependsOn),
    });
  }
}
