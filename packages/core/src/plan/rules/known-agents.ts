import type { Diagnostic } from '../diagnostic.ts';
import { didYouMean } from '../did-you-mean.ts';
import type { ValuePath } from '../yaml-source.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/** `agent` must name a registered adapter (claude, command, or one the cli adds). */
export function knownAgents(context: RuleContext): Diagnostic[] {
  const places: Array<[ValuePath, string | undefined]> = [
    [['defaults', 'agent'], context.raw.defaults?.agent],
    ...rawTasks(context).map(([id, task]): [ValuePath, string | undefined] => [['tasks', id, 'agent'], task.agent]),
  ];
  const known = [...context.knownAgents].sort();
  return places
    .filter(([, agent]) => agent !== undefined && !context.knownAgents.has(agent))
    .map(([path, agent]): Diagnostic => {
      const near = didYouMean(agent!, known);
      return {
        code: 'unknown-agent',
        message: `unknown agent "${agent}"`,
        hint: `${near ? `did you mean "${near}"? ` : ''}known agents: ${known.join(', ')}`,
        pos: context.source.positionOf(path),
      };
    });
}
