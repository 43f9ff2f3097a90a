// How messages name a place in the plan: `tasks.html.dependsOn[1]`, `task "html"`.
import type { ValuePath } from './yaml-source.ts';

const plainKey = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(path: ValuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? 'the plan' : `"${out}"`;
}

/** A stable string key for sets of paths. */
export const pathKey = (path: ValuePath): string => path.map(String).join('\u0000');

/** The value at `path` inside plain data, or undefined. */
export function valueAt(data: unknown, path: ValuePath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** `a string`, `a list`, `an empty value`: what a value is, for "must be X, not Y". */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}
