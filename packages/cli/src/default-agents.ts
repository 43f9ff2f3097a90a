// The agents a plan may name out of the box. One place, so `run`, `plan`'s forecast and `status`
// compute the same agent versions (they join every fingerprint) and so the same cache decisions.
import { createClaudeAgent } from '@orchestra/claude';
import { commandAgent, type AgentRegistry } from '@orchestra/core';

export function defaultAgents(env: Record<string, string | undefined>): AgentRegistry {
  return new Map([
    ['command', commandAgent],
    ['claude', createClaudeAgent({ env })],
  ]);
}
