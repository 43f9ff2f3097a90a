import type { Diagnostic } from '../diagnostic.ts';
import { formatPath } from '../value-path.ts';
import type { RuleContext } from './rule-context.ts';

/** A key twice in one mapping; under `tasks` that is a task declared twice (the last one would win). */
export function duplicateKeys({ duplicates }: RuleContext): Diagnostic[] {
  return duplicates.map(({ parent, key, pos, first }): Diagnostic => {
    const isTask = parent.length === 1 && parent[0] === 'tasks';
    const where = `line ${first.line}:${first.col}`;
    return isTask
      ? {
          code: 'duplicate-task',
          message: `task "${key}" is declared twice (first at ${where})`,
          hint: 'task ids must be unique: rename one of them, or merge the two definitions',
          pos,
        }
      : {
          code: 'duplicate-key',
          message: `duplicate key "${key}" in ${parent.length === 0 ? 'the plan' : formatPath(parent)} (first at ${where})`,
          hint: 'keep one of them: YAML would silently use the last one',
          pos,
        };
  });
}
