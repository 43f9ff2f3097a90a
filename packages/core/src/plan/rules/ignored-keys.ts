import type { Diagnostic } from '../diagnostic.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/** Agent-only keys on a command task (and `run` on an agent task) do nothing: say so, as a warning. */
const AGENT_ONLY = ['prompt', 'model', 'permissionMode', 'allowedTools', 'disallowedTools', 'maxTurns', 'maxCostUsd', 'appendSystemPrompt', 'addDirs', 'mcpConfig'] as const;

export function ignoredKeys(context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [id, raw] of rawTasks(context)) {
    const agent = context.plan.tasks.get(id)!.agent;
    if (!context.knownAgents.has(agent)) continue;
    const ignored = agent === 'command' ? AGENT_ONLY.filter((key) => raw[key] !== undefined) : raw.run === undefined ? [] : (['run'] as const);
    for (const key of ignored) {
      diagnostics.push({
        code: 'ignored-key',
        severity: 'warning',
        message: `"${key}" does nothing on ${agent} task "${id}"`,
        hint: agent === 'command' ? `remove it, or drop \`agent: command\` to have an agent follow the prompt` : 'remove it, or set `agent: command` to run it as a plain command',
        pos: context.source.positionOf(['tasks', id, key], 'key'),
      });
    }
  }
  return diagnostics;
}
