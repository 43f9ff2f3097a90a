// The facts of a finished (or interrupted) run that the final table and the Markdown report show.
// Pure: the run view and the plan's dependencies in, numbers out.
import type { Dag, RunStatus, TaskId, TokenUsage } from '@orchestra/core';
import { criticalPath } from '@orchestra/core/run';
import { describeFailure } from './event-lines.ts';
import { totalTokens, type RunView, type TaskPhase } from './run-view.ts';

export type SummaryStatus = TaskPhase | 'not run' | 'interrupted';

export interface SummaryRow {
  id: TaskId;
  status: SummaryStatus;
  attempts: number;
  durationMs: number;
  costUsd?: number;
  tokens?: number;
  usage?: TokenUsage;
  /** Why it was cached or skipped, or how it failed. */
  note?: string;
  /** A failed task's output tail (stderr, verify output). */
  detail?: string;
  logFile?: string;
}

export interface RunSummary {
  planName?: string;
  status: RunStatus | 'unfinished';
  rows: SummaryRow[];
  costUsd: number;
  tokens: number;
  usage: TokenUsage;
  wallMs: number;
  /** Sum of the tasks' own times (all attempts). */
  taskMs: number;
  /** taskMs / wallMs, when the run took any time. */
  speedUp?: number;
  criticalPath: { ids: TaskId[]; durationMs: number };
  warnings: { id?: TaskId; message: string }[];
}

export interface SummaryPlan {
  /** All task ids of the plan, in the order to list them. */
  taskIds: readonly TaskId[];
  /** The plan's DAG, for the critical path. */
  dag: Dag;
}

/** Why a task of the run never started, from how the run ended (a run that succeeded started them all). */
const NOT_STARTED: Partial<Record<RunStatus, string>> = {
  failed: 'not started: the run stopped after a failure',
  interrupted: 'not started: the run was interrupted',
  'budget-exhausted': 'not started: the budget was spent',
  'usage-limit': 'not started: the usage limit was reached',
  'auth-failed': 'not started: authentication failed',
};

function rowStatus(phase: TaskPhase, ended: boolean): SummaryStatus {
  if (!ended) return phase;
  // When the run ended, a queued task never started and a running one was cut short.
  if (phase === 'queued') return 'not run';
  if (phase === 'running' || phase === 'waiting' || phase === 'retrying') return 'interrupted';
  return phase;
}

export function summarizeRun(view: RunView, plan?: SummaryPlan, now?: number): RunSummary {
  // The order things happened in (cached and queued first, roughly the order they ran), then
  // the run's tasks it never reached (not the plan's others, which --only or --from left out).
  const ids = [...view.tasks.keys()];
  const seen = new Set(ids);
  for (const id of view.selected ?? plan?.taskIds ?? []) if (!seen.has(id)) ids.push(id);
  const ended = view.finished !== undefined || now !== undefined;
  const notStarted = view.finished ? NOT_STARTED[view.finished.status] : undefined;
  const rows: SummaryRow[] = ids.map((id) => {
    const task = view.tasks.get(id);
    if (!task) return { id, status: 'not run', attempts: 0, durationMs: 0, ...(notStarted ? { note: notStarted } : {}) };
    const note =
      task.phase === 'cached' || task.phase === 'skipped' ? task.reason : task.phase === 'failed' && task.failure ? describeFailure(task.failure) : undefined;
    const row: SummaryRow = { id, status: rowStatus(task.phase, ended), attempts: task.attempts, durationMs: task.durationMs };
    if (task.costUsd !== undefined) row.costUsd = task.costUsd;
    if (task.attemptStartedAt !== undefined) {
      // An attempt still open when the run ended counts with the time and money it had used.
      row.durationMs += Math.max(0, (now ?? view.lastEventAt ?? task.attemptStartedAt) - task.attemptStartedAt);
      if (task.attemptCostUsd !== undefined) row.costUsd = (row.costUsd ?? 0) + task.attemptCostUsd;
    }
    const tokens = totalTokens(task.usage);
    if (tokens !== undefined) row.tokens = tokens;
    if (task.usage) row.usage = task.usage;
    if (note) row.note = note;
    else if (row.status === 'not run' && notStarted) row.note = notStarted;
    if (task.phase === 'failed' && task.failure?.detail) row.detail = task.failure.detail;
    if (task.logFile) row.logFile = task.logFile;
    return row;
  });
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
  let costUsd = 0;
  let taskMs = 0;
  for (const row of rows) {
    costUsd += row.costUsd ?? 0;
    taskMs += row.durationMs;
    if (row.usage) {
      usage.inputTokens += row.usage.inputTokens;
      usage.outputTokens += row.usage.outputTokens;
      usage.cacheReadInputTokens += row.usage.cacheReadInputTokens;
      usage.cacheCreationInputTokens += row.usage.cacheCreationInputTokens;
    }
  }
  if (view.finished) costUsd = Math.max(costUsd, view.finished.costUsd);
  const wallMs = view.finished?.durationMs ?? Math.max(0, (now ?? view.lastEventAt ?? 0) - (view.startedAt ?? now ?? 0));
  const durations = new Map(rows.map((r) => [r.id, r.durationMs]));
  // Without the plan's graph the tasks are taken as independent: the longest one is the path.
  const path = taskMs === 0
    ? { path: [] as TaskId[], total: 0 } // nothing took time (all cached): no path to find among 10,000 tasks
    : plan
    ? criticalPath(plan.dag, (id) => durations.get(id) ?? 0)
    : rows.reduce((best, r) => (r.durationMs > best.total ? { path: [r.id], total: r.durationMs } : best), { path: [] as TaskId[], total: 0 });
  // Tasks that took no time this run (cached, skipped) are not on anybody's critical path.
  const critical = { ids: path.path.filter((id) => (durations.get(id) ?? 0) > 0), durationMs: path.total };
  const summary: RunSummary = {
    status: view.finished?.status ?? 'unfinished',
    rows,
    costUsd,
    tokens: totalTokens(usage) ?? 0,
    usage,
    wallMs,
    taskMs,
    criticalPath: critical,
    warnings: view.warnings,
  };
  if (view.planName !== undefined) summary.planName = view.planName;
  if (wallMs > 0 && taskMs > 0) summary.speedUp = taskMs / wallMs;
  return summary;
}
