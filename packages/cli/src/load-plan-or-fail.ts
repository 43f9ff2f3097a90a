// Every command that needs a plan starts here: load it, or stop with every problem listed as
// `file:line:col: error: ...` plus a hint, and exit 2 (a UserError prints no stack).
import path from 'node:path';
import type { Diagnostic, Plan } from '@orchestra/core';
import { BUILTIN_AGENTS, formatDiagnostic, loadPlanCached } from '@orchestra/core/run';
import { defaultAgents } from './agents.ts';
import type { CliIo } from './io.ts';
import { UserError } from './user-error.ts';

export interface LoadPlanOrFailOptions {
  /** `--config PATH`, relative to the working folder. */
  config?: string;
  /** Agents the plan may name besides the built-in claude and command (default: the cli's registry). */
  knownAgents?: Iterable<string>;
  /** Through the compiled-plan cache (.orchestra/plan-cache.json): 'read' only, or 'write' it too (soon after: see loadPlanCached). */
  cache?: 'read' | 'write';
}

/** A path as short as it can be from `cwd`, so editors and terminals can open `file:line:col`. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && relative.length <= file.length ? relative : file;
}

/** The diagnostics, one block each, and a count line. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], cwd: string, file?: string): string {
  const errors = diagnostics.filter((d) => (d.severity ?? 'error') === 'error').length;
  const where = file ? ` in ${displayPath(file, cwd)}` : '';
  const count = `${errors} error${errors === 1 ? '' : 's'}${where}`;
  return [...diagnostics.map((d) => formatDiagnostic(d, (f) => displayPath(f, cwd))), count].join('\n');
}

export async function loadPlanOrFail(io: CliIo, options: LoadPlanOrFailOptions = {}): Promise<Plan> {
  const knownAgents = [...BUILTIN_AGENTS, ...(options.knownAgents ?? defaultAgents(io.env).keys())];
  const loadOptions = { cwd: io.cwd, configPath: options.config, knownAgents };
  const result = options.cache ? await loadPlanCached({ ...loadOptions, write: options.cache === 'write' ? 'soon' : false }) : await (await import('@orchestra/core')).loadPlan(loadOptions);
  if (!result.ok) throw new UserError(formatDiagnostics(result.diagnostics, io.cwd, result.file), 2);
  for (const warning of result.diagnostics) io.stderr.write(`${formatDiagnostic(warning, (f) => displayPath(f, io.cwd))}\n`);
  return result.plan;
}
