// What the Nx plugin needs to know of a plan to infer targets: its name and its tasks' ids, agents,
// dependencies, inputs and outputs. Read leniently with `yaml` alone, never throwing: the plan compiler
// (@orchestra/core) is far too heavy for graph computation and the targets report real diagnostics
// when they run. Anything malformed is simply left out here.
import { parse } from 'yaml';

export interface TaskSummary {
  id: string;
  agent: string;
  dependsOn: string[];
  inputs: string[];
  outputs: string[];
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

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

export function summarizePlan(text: string): PlanSummary {
  let raw: unknown;
  try {
    // `uniqueKeys: false` and a low alias budget: lenient, and safe against alias bombs.
    raw = parse(text, { uniqueKeys: false, maxAliasCount: 100, prettyErrors: false });
  } catch {
    return { tasks: [], unreadable: true };
  }
  if (!isRecord(raw)) return { tasks: [], unreadable: raw !== null && raw !== undefined };
  const defaults = isRecord(raw['defaults']) ? raw['defaults'] : {};
  const defaultAgent = optionalString(defaults['agent']) ?? 'claude';
  const tasks: TaskSummary[] = [];
  if (isRecord(raw['tasks'])) {
    for (const [id, task] of Object.entries(raw['tasks'])) {
      if (!SAFE_ID.test(id) || !isRecord(task)) continue;
      tasks.push({
        id,
        agent: optionalString(task['agent']) ?? defaultAgent,
        dependsOn: [...new Set(stringList(task['dependsOn']))].sort(),
        inputs: stringList(task['inputs']),
        outputs: stringList(task['outputs']),
      });
    }
  }
  tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { name: optionalString(raw['name']), claudePath: optionalString(raw['claudePath']), tasks, unreadable: false };
}
