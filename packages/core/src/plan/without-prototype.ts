// Records keyed by task ids, safe for any id: without a prototype, ids such as `constructor` or
// `toString` never meet Object's own members, and `__proto__` is a key like any other.

/** A copy without a prototype, key order kept, `from` renamed `to` (when given). */
export function renameKey<T>(record: Record<string, T>, from?: string, to?: string): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(record)) out[key === from && to !== undefined ? to : key] = record[key]!;
  return out;
}
