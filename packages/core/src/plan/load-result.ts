import type { Diagnostic } from './diagnostic.ts';
import type { Plan } from './model.ts';

/** A loaded plan with its warnings, or every problem that makes it invalid. */
export type LoadResult =
  | { ok: true; plan: Plan; /** Warnings only. */ diagnostics: Diagnostic[] }
  | { ok: false; /** The plan file, when one was found. */ file?: string; diagnostics: Diagnostic[] };

export interface ParseOptions {
  /** Agent names a task may use; default `BUILTIN_AGENTS` (claude, command). */
  knownAgents?: Iterable<string>;
}
