// After the schema rejects some values, drop just those so the cross-field rules can still check the
// rest of the plan: every problem is reported in one go, not one per run.
import { valueAt } from './value-path.ts';
import type { ValuePath } from './yaml-source.ts';

type Data = Record<string, unknown>;
const isObject = (value: unknown): value is Data => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A copy of `raw` without the values at `broken`. A broken list element drops the whole list (so
 * indices in messages keep matching the file); a broken task becomes an empty task (so its id still
 * exists for `dependsOn`); a missing or broken `version` or `tasks` gets a neutral stand-in.
 * Returns the paths it actually dropped (list parents instead of their elements).
 */
export function salvage(raw: Data, broken: readonly ValuePath[]): { value: Data; dropped: ValuePath[] } {
  const value = structuredClone(raw);
  const dropped: ValuePath[] = [];
  const ordered = [...broken].sort((a, b) => b.length - a.length);
  for (let path of ordered) {
    if (path.length === 0) continue;
    const parentPath = path.slice(0, -1);
    if (Array.isArray(valueAt(value, parentPath)) && parentPath.length > 0) path = parentPath;
    const holder = valueAt(value, path.slice(0, -1));
    const key = path.at(-1)!;
    if (!isObject(holder)) continue;
    // defineProperty: a task may be called `__proto__`.
    if (path.length === 2 && path[0] === 'tasks') Object.defineProperty(holder, key, { value: {}, enumerable: true, writable: true, configurable: true });
    else delete holder[key];
    dropped.push(path);
  }
  if (typeof value.version !== 'number') value.version = 1;
  if (!isObject(value.tasks)) value.tasks = {};
  return { value, dropped };
}
