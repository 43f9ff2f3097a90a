// Temp workspaces with real files and real processes for the engine's tests.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePlan, type TaskSketch } from '../graph/test-plan.ts';
import { countLines } from '../testing.ts';
import type { Plan } from '../plan/model.ts';
import type { OrchestraEvent } from '../report/events.ts';
import type { AgentRegistry } from './agent.ts';
import { commandAgent } from './agents/command.ts';
import { runPlan, type RunPlanOptions, type RunResult } from './run-plan.ts';

export const node = process.execPath;

export function tempWorkspace(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'orc-engine-'));
}

/**
 * A command task that appends its id to `runs.log` (so tests count runs), then writes `content` to
 * `out` (when given) and copies `from` (an input) into it when `from` is given.
 */
export function countingTask(id: string, extra: Partial<TaskSketch> & { out?: string; content?: string; from?: string } = {}): TaskSketch {
  const { out, content, from, ...rest } = extra;
  const script = [
    `const fs = require('node:fs');`,
    `fs.appendFileSync('runs.log', ${JSON.stringify(`${id}\n`)});`,
    out ? `fs.mkdirSync(require('node:path').dirname(${JSON.stringify(out)}), { recursive: true });` : '',
    out
      ? `fs.writeFileSync(${JSON.stringify(out)}, ${from ? `fs.readFileSync(${JSON.stringify(from)}, 'utf8') + ` : ''}${JSON.stringify(content ?? id)});`
      : '',
  ].join('\n');
  return {
    id,
    run: [node, '-e', script],
    ...(out ? { outputs: [out] } : {}),
    ...(from ? { inputs: [from] } : {}),
    ...rest,
  };
}

export function planIn(root: string, sketches: TaskSketch[], extra: Partial<Plan> = {}): Plan {
  return { ...makePlan(sketches), root, file: path.join(root, 'orchestra.config.yaml'), ...extra };
}

export function runs(root: string): Record<string, number> {
  return countLines(path.join(root, 'runs.log'));
}

export function resetRuns(root: string): void {
  writeFileSync(path.join(root, 'runs.log'), '');
}

export function write(root: string, rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

export const agents: AgentRegistry = new Map([['command', commandAgent]]);

export async function run(
  plan: Plan,
  options: Partial<RunPlanOptions> = {},
): Promise<RunResult & { events: OrchestraEvent[] }> {
  const events: OrchestraEvent[] = [];
  const result = await runPlan({
    plan,
    agents,
    env: { ...process.env },
    onEvent: (e) => events.push(e),
    retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
    killGraceMs: 500,
    ...options,
  });
  return { ...result, events };
}
