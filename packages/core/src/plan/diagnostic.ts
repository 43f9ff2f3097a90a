// A problem in a plan that the user can fix. Rules return every problem at once, never throw.
import type { SourcePos } from './model.ts';

export type DiagnosticCode =
  | 'yaml-syntax'
  | 'json-syntax' // a .json plan that is not JSON
  | 'not-utf8'
  | 'alias-bomb'
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'duplicate-key'
  | 'duplicate-task'
  | 'unknown-dependency'
  | 'self-dependency'
  | 'cycle'
  | 'input-without-dependency' // a task reads another's output without depending on it
  | 'overlapping-outputs' // a warning: two tasks' outputs overlap, so the plan never stays cached
  | 'missing-prompt'
  | 'missing-run'
  | 'unknown-agent'
  | 'path-outside-workspace'
  | 'unsafe-task-id'
  | 'unsupported-version'
  | 'empty-plan'
  | 'config-not-found'
  | 'config-unreadable'
  | 'ignored-key' // a warning: a key that does nothing for this kind of task
  | 'agent-not-found' // an agent's program (e.g. the claude CLI) is missing
  | 'agent-credentials' // an agent has no credentials
  | 'permissions-bypassed'; // a warning: the plan runs an agent with bypassPermissions

export interface Diagnostic {
  code: DiagnosticCode;
  /** What is wrong, in one sentence. */
  message: string;
  /** How to fix it (may include a did-you-mean). */
  hint?: string;
  pos?: SourcePos;
  /** `error` unless said otherwise; warnings do not make a plan invalid. */
  severity?: 'error' | 'warning';
}

/** `orchestra.config.yaml:12:7: error: ... \n  hint: ...` — paths relative to `cwd` when shorter. */
export function formatDiagnostic(d: Diagnostic, relativeTo?: (file: string) => string): string {
  const where = d.pos ? `${relativeTo ? relativeTo(d.pos.file) : d.pos.file}:${d.pos.line}:${d.pos.col}: ` : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}${d.severity ?? 'error'}: ${d.message}${hint}`;
}
