// The agents the CLI knows. THE single place to register one: add it to `defaultAgents()`.
import { createClaudeAgent } from '@orchestra/claude';
import { commandAgent, type Agent, type AgentRegistry, type Plan } from '@orchestra/core';

export function defaultAgents(env: Readonly<Record<string, string | undefined>> = process.env): AgentRegistry {
  const agents: Agent[] = [commandAgent, createClaudeAgent({ env })];
  return new Map(agents.map((agent) => [agent.name, agent]));
}

/** Each agent a plan uses -> its version (joins the fingerprints). Unknown agents get "". */
export async function agentVersions(plan: Plan, agents: AgentRegistry): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of new Set([...plan.tasks.values()].map((t) => t.agent))) {
    const agent = agents.get(name);
    out.set(name, agent ? await agent.version(plan) : '');
  }
  return out;
}
