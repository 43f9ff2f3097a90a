// Branded hashes: a file's content hash and a task's fingerprint are both hex sha256 strings, but
// must never be mixed up.
import { hash } from 'node:crypto';

declare const contentHashBrand: unique symbol;
declare const fingerprintBrand: unique symbol;
/** sha256 (hex) of a file's bytes. */
export type ContentHash = string & { readonly [contentHashBrand]: true };
/** sha256 (hex) of everything that decides a task's result. */
export type Fingerprint = string & { readonly [fingerprintBrand]: true };

export function hashBytes(bytes: Uint8Array | string): ContentHash {
  return hash('sha256', bytes, 'hex') as ContentHash;
}

/** A stable JSON text: object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.some((item) => item !== null && typeof item === 'object') ? value.map(sortKeys) : value;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
