import type { Diagnostic } from '../diagnostic.ts';
import type { RuleContext } from './rule-context.ts';

/** A plan without tasks is almost certainly a mistake (wrong file, bad indentation). */
export function nonEmptyPlan({ plan, source, isBroken }: RuleContext): Diagnostic[] {
  if (plan.taskIds.length > 0 || isBroken(['tasks'])) return [];
  return [
    {
      code: 'empty-plan',
      message: 'the plan has no tasks',
      hint: 'add tasks under `tasks:`, indented, e.g. `tasks: { hello: { prompt: "Write hello.txt" } }`',
      pos: source.positionOf(['tasks'], 'key'),
    },
  ];
}
