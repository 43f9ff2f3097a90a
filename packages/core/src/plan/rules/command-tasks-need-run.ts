import type { Diagnostic } from '../diagnostic.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/** A `command` task runs `run`; without it there is nothing to do. */
export function commandTasksNeedRun(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [id, raw] of rawTasks(context)) {
    if (context.plan.tasks.get(id)!.agent !== 'command' || raw.run !== undefined) continue;
    if (context.isBroken(['tasks', id]) || context.isBroken(['tasks', id, 'run'])) continue;
    diagnostics.push({
      code: 'missing-run',
      message: `command task "${id}" has no run`,
      hint:
        raw.prompt === undefined
          ? 'add `run: [npm, test]` (an argument list, spawned without a shell) or `run: npm test` (run by the shell)'
          : 'add `run: [...]`, or remove `agent: command` so an agent follows the prompt',
      pos: context.source.positionOf(['tasks', id], 'key'),
    });
  }
  return diagnostics;
}
