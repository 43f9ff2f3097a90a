import type { Diagnostic } from '../diagnostic.ts';
import { didYouMean } from '../did-you-mean.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/** `dependsOn` names a task that the plan does not declare. */
export function unknownDependencies(context: RuleContext): Diagnostic[] {
  const { plan, source } = context;
  const diagnostics: Diagnostic[] = [];
  for (const [id, task] of rawTasks(context)) {
    (task.dependsOn ?? []).forEach((dep, index) => {
      if (plan.tasks.has(dep as never) || context.isBroken(['tasks', id, 'dependsOn', index])) return;
      const near = didYouMean(dep, plan.taskIds);
      diagnostics.push({
        code: 'unknown-dependency',
        message: `task "${id}" depends on "${dep}", which is not a task in this plan`,
        hint: near ? `did you mean "${near}"?` : `declare a task "${dep}" under tasks, or remove it from dependsOn`,
        pos: source.positionOf(['tasks', id, 'dependsOn', index]),
      });
    });
  }
  return diagnostics;
}
