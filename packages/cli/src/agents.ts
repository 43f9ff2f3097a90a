// The agents the CLI knows. THE single place to register one: add it to `defaultAgents()`.
import type { Agent, AgentRegistry, Plan } from '@orchestra/core';
import { commandAgent } from '@orchestra/core/run';

/**
 * The Claude Code agent, its package imported only when the agent is first used (its version, its
 * preflight or a task): a plan of command tasks, or a fully cached run, never loads it.
 */
function lazyClaudeAgent(env: Readonly<Record<string, string | undefined>>): Agent {
  let real: Promise<Agent> | undefined;
  const get = (): Promise<Agent> => (real ??= import('@orchestra/claude').then(({ createClaudeAgent }) => createClaudeAgent({ env })));
  return {
    name: 'claude',
    logExtension: 'jsonl',
    version: async (plan) => (await get()).version(plan),
    preflight: async (plan, tasks) => {
      if (tasks.length === 0) return [];
      const agent = await get();
      return agent.preflight ? agent.preflight(plan, tasks) : [];
    },
    run: async (request) => (await get()).run(request),
  };
}

export function defaultAgents(env: Readonly<Record<string, string | undefined>> = process.env): AgentRegistry {
  const agents: Agent[] = [commandAgent, lazyClaudeAgent(env)];
  return new Map(agents.map((agent) => [agent.name, agent]));
}

/**
 * Each agent a plan uses -> its version (joins the fingerprints). Unknown agents get "". An agent that
 * cannot say its version is left out (its tasks then show as changed) and a warning says why.
 */
export async function agentVersions(plan: Plan, agents: AgentRegistry, warnings: string[] = []): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of new Set([...plan.tasks.values()].map((t) => t.agent))) {
    const agent = agents.get(name);
    try {
      out.set(name, agent ? await agent.version(plan) : '');
    } catch (error: unknown) {
      warnings.push(`could not ask the ${name} agent for its version (${error instanceof Error ? error.message : String(error)}); its tasks may show as changed`);
    }
  }
  return out;
}
