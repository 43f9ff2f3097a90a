// The schema check, safe for any task id. zod builds a record with `out[key] = value`, so a task
// called `__proto__` would become the record's prototype and vanish (and be checked by nothing).
// Across the zod boundary that one id travels under a stand-in key; the tasks come back in an object
// without a prototype, so ids such as `constructor` or `toString` never meet Object's own members.
import type { z } from 'zod';
import { RawPlan } from './schema.ts';
import { renameKey } from './without-prototype.ts';

const PROTO = '__proto__';
const STAND_IN = '\u0000__proto__';

type Parsed = { success: true; data: RawPlan } | { success: false; error: { issues: z.core.$ZodIssue[] } };

export function parseRawPlan(data: Record<string, unknown>): Parsed {
  const tasks = data.tasks;
  const hasProto = tasks !== null && typeof tasks === 'object' && Object.hasOwn(tasks, PROTO);
  const input = hasProto ? { ...data, tasks: renameKey(tasks as Record<string, unknown>, PROTO, STAND_IN) } : data;
  const parsed = RawPlan.safeParse(input);
  if (!parsed.success) {
    if (!hasProto) return parsed;
    const issues = parsed.error.issues.map((issue) =>
      issue.path[0] === 'tasks' && issue.path[1] === STAND_IN ? { ...issue, path: ['tasks', PROTO, ...issue.path.slice(2)] } : issue,
    );
    return { success: false, error: { issues } };
  }
  const out = { ...parsed.data, tasks: renameKey(parsed.data.tasks, STAND_IN, PROTO) as RawPlan['tasks'] };
  return { success: true, data: out };
}
