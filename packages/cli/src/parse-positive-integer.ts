import { UserError } from './user-error.ts';

/** `--concurrency 3` and the like: a whole number of at least 1, or a usage error (exit 2). */
export function parsePositiveInteger(flag: string, value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UserError(`--${flag} must be a whole number of at least 1, not "${value}"`, 2);
  return n;
}
