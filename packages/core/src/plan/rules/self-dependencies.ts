import type { Diagnostic } from '../diagnostic.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/** A task that lists itself in `dependsOn` could never start. */
export function selfDependencies(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [id, task] of rawTasks(context)) {
    (task.dependsOn ?? []).forEach((dep, index) => {
      if (dep !== id) return;
      diagnostics.push({
        code: 'self-dependency',
        message: `task "${id}" depends on itself`,
        hint: `remove "${id}" from its own dependsOn`,
        pos: context.source.positionOf(['tasks', id, 'dependsOn', index]),
      });
    });
  }
  return diagnostics;
}
