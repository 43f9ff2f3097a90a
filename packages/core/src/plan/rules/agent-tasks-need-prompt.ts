import type { Diagnostic } from '../diagnostic.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/** An agent task (anything but `command`) needs a prompt: it is the whole job description. */
export function agentTasksNeedPrompt(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [id, raw] of rawTasks(context)) {
    const task = context.plan.tasks.get(id)!;
    if (task.agent === 'command' || !context.knownAgents.has(task.agent)) continue;
    if ((raw.prompt ?? '').trim() !== '') continue;
    if (context.isBroken(['tasks', id]) || context.isBroken(['tasks', id, 'prompt'])) continue;
    const written = raw.prompt !== undefined;
    diagnostics.push({
      code: 'missing-prompt',
      message: `${task.agent} task "${id}" has ${written ? 'an empty' : 'no'} prompt`,
      hint: 'add `prompt: <what the agent should do>`, or make it a plain command with `agent: command` and `run: [...]`',
      pos: context.source.positionOf(written ? ['tasks', id, 'prompt'] : ['tasks', id], written ? 'value' : 'key'),
    });
  }
  return diagnostics;
}
