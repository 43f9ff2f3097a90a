import type { Diagnostic } from '../diagnostic.ts';
import type { RuleContext } from './rule-context.ts';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
export const MAX_TASK_ID_LENGTH = 100;

/** Why an id cannot be a file name (logs live at `.orchestra/logs/<id>/`), or undefined. */
export function unsafeTaskIdReason(id: string): string | undefined {
  if (id.length > MAX_TASK_ID_LENGTH) return `is longer than ${MAX_TASK_ID_LENGTH} characters`;
  if (!SAFE_ID.test(id)) return 'has characters that are unsafe in a file name';
  if (id.includes('..')) return 'contains ".."';
  if (WINDOWS_RESERVED.test(id)) return 'is a reserved file name on Windows';
  return undefined;
}

const suggestion = (id: string): string =>
  id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').slice(0, MAX_TASK_ID_LENGTH) || 'task-1';

/** Task ids name log folders and Nx targets, so they must be safe file names. */
export function safeTaskIds({ plan, source }: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byFolded = new Map<string, string>();
  for (const id of plan.taskIds) {
    // macOS and Windows file systems ignore case: `Build` and `build` would share a log folder.
    const twin = byFolded.get(id.toLowerCase());
    if (twin === undefined) byFolded.set(id.toLowerCase(), id);
    else {
      diagnostics.push({
        code: 'unsafe-task-id',
        message: `task id "${id}" differs from "${twin}" only in case`,
        hint: 'rename one of them: on macOS and Windows both would name the same log folder',
        pos: source.positionOf(['tasks', id], 'key'),
      });
    }
    const reason = unsafeTaskIdReason(id);
    if (!reason) continue;
    const better = suggestion(id);
    diagnostics.push({
      code: 'unsafe-task-id',
      message: `task id "${id.length > 60 ? `${id.slice(0, 57)}...` : id}" ${reason}`,
      hint: `use letters, digits, ".", "_" and "-", starting with a letter or digit, at most ${MAX_TASK_ID_LENGTH} characters${better !== id && !unsafeTaskIdReason(better) ? `, e.g. "${better}"` : ''}`,
      pos: source.positionOf(['tasks', id], 'key'),
    });
  }
  return diagnostics;
}
