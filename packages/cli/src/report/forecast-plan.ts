// The forecast for a plan on disk: reads the recorded state, asks the engine's own status function
// (statusesOnDisk, the decision `run` uses to skip tasks) what would run, and takes each task's last
// recorded execution as its expected time and cost.
import {
  buildGraph,
  computeWaves,
  readState,
  selectTasks,
  statePaths,
  statusesOnDisk,
  topologicalOrder,
  type AgentRegistry,
  type Plan,
  type TaskId,
  type TaskState,
} from '@orchestra/core';
import { agentVersions as agentVersionsOf } from '../agents.ts';
import { forecast, type Forecast, type ForecastTask } from './forecast.ts';

/** Agents that never cost money: a missing cost means $0 for them, not unknown. */
const FREE_AGENTS = new Set(['command']);

/**
 * Time and cost of the task's last whole execution: the attempts of the last run that ran it to an end. A
 * run that was interrupted (Ctrl-C, a kill) cut its attempts short: the run before it says more.
 */
export function lastExecution(record: TaskState | undefined, free: boolean): { durationMs?: number; costUsd?: number } {
  const unknown = free ? { costUsd: 0 } : {};
  if (!record) return unknown;
  const runIds = [...new Set(record.attempts.map((a) => a.runId))].reverse();
  const runId = runIds.find((id) => record.attempts.every((a) => a.runId !== id || (a.outcome !== 'running' && a.failure?.reason !== 'interrupted')));
  const attempts = record.attempts.filter((a) => a.runId === runId);
  const result: { durationMs?: number; costUsd?: number } = {};
  if (attempts.length && attempts.every((a) => a.durationMs !== undefined)) {
    result.durationMs = attempts.reduce((sum, a) => sum + (a.durationMs ?? 0), 0);
  } else if (record.success) {
    result.durationMs = record.success.durationMs;
  }
  if (result.durationMs === undefined) return unknown;
  if (attempts.some((a) => a.costUsd !== undefined)) result.costUsd = attempts.reduce((sum, a) => sum + (a.costUsd ?? 0), 0);
  else if (free) result.costUsd = 0;
  return result;
}

export interface ForecastResult {
  forecast: Forecast;
  warnings: string[];
}

export interface ForecastSelection {
  /** As `run --only`: these tasks and what they depend on. */
  only?: readonly TaskId[];
  /** As `run --from`: this task and its descendants, forced. */
  from?: TaskId;
  /** As `run --force`. */
  force?: boolean;
  /** As `run --schedule` (default: the plan's). */
  schedule?: 'eager' | 'waves';
}

export async function forecastPlan(plan: Plan, agents: AgentRegistry, concurrency: number, selection: ForecastSelection = {}): Promise<ForecastResult> {
  const { selected, forced } = selectTasks(plan, selection);
  const { state, warnings } = readState(statePaths(plan.root), { name: plan.name, file: plan.file });
  const agentVersions = await agentVersionsOf(plan, agents, warnings);
  const statuses = statusesOnDisk(plan, state, { agentVersions, forced });
  const tasks: ForecastTask[] = topologicalOrder(plan).filter((id) => selected.has(id)).map((id) => {
    const task = plan.tasks.get(id)!;
    const status = statuses.get(id);
    const run = status?.kind !== 'cached';
    const reason = status?.kind === 'cached' ? 'unchanged since its last success' : (status?.reasons.join('; ') ?? 'never run');
    return { id, dependsOn: task.dependsOn, locks: task.locks, outputs: task.outputs, run, reason, ...lastExecution(state.tasks[id], FREE_AGENTS.has(task.agent)) };
  });
  const waves = (selection.schedule ?? plan.schedule) === 'waves' ? computeWaves(plan) : undefined;
  return { forecast: forecast(tasks, concurrency, buildGraph(plan), waves), warnings };
}

/** The forecast as `plan --json` prints it: unknown figures are null, never 0. */
export function forecastJson(result: Forecast) {
  return {
    toRun: result.toRun,
    cached: result.cached,
    tasks: Object.fromEntries(
      result.tasks.map((t) => [t.id, { run: t.run, reason: t.reason, durationMs: t.run ? (t.durationMs ?? null) : 0, costUsd: t.run ? (t.costUsd ?? null) : 0 }]),
    ),
    costUsd: { known: result.costUsd.known, unknownFor: result.costUsd.unknown },
    workMs: { known: result.workMs.known, unknownFor: result.workMs.unknown },
    criticalPath: result.criticalPath,
    makespan: result.makespan,
  };
}
