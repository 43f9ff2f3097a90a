// What `status` and `explain` show: the engine's own cache decision (computeStatuses) on the
// recorded state, read without taking the lock and without writing anything.
import { liveHolder, readState, statePaths, statusesOnDisk, type Freshness, type Plan, type StateFile, type TaskId, type TaskState } from '@orchestra/core';
import { agentVersions, defaultAgents } from './agents.ts';
import type { CliIo } from './io.ts';

export interface PlanFreshness {
  state: StateFile;
  statuses: Map<TaskId, Freshness>;
  /** A run holds the plan's lock now. */
  runInProgress: boolean;
}

export async function planFreshness(plan: Plan, io: CliIo): Promise<PlanFreshness> {
  const state = readPlanState(plan, io);
  const warnings: string[] = [];
  const versions = await agentVersions(plan, defaultAgents(io.env), warnings);
  for (const warning of warnings) io.stderr.write(`orchestra: warning: ${warning}\n`);
  // A run in progress is mid-way: its running tasks are not "interrupted", and what it finishes changes this.
  const holder = liveHolder(statePaths(plan.root).lock);
  if (holder) io.stderr.write(`orchestra: a run is in progress (pid ${holder.pid}, started ${holder.startedAt}): this is where it stands now\n`);
  const statuses = statusesOnDisk(plan, state, { agentVersions: versions, ...(holder ? { runInProgress: true } : {}) });
  return { state, statuses, runInProgress: holder !== undefined };
}

/** The recorded state of a plan, read without the lock; its warnings (e.g. a recovered journal) go to stderr. */
export function readPlanState(plan: Plan, io: CliIo): StateFile {
  const { state, warnings } = readState(statePaths(plan.root), { name: plan.name, file: plan.file });
  for (const warning of warnings) io.stderr.write(`orchestra: warning: ${warning}\n`);
  return state;
}

/**
 * "cached", "stale", or for a task with no success yet what became of it: "never run", "failed",
 * "interrupted", or "running" (in the run in progress).
 */
export function freshnessWord(f: Freshness, record: TaskState | undefined, runInProgress: boolean): string {
  if (f.kind !== 'never-run') return f.kind;
  const last = record?.attempts.at(-1);
  if (!last) return 'never run';
  if (last.outcome === 'running') return runInProgress ? 'running' : 'interrupted';
  // Ctrl-C or SIGTERM ends an attempt as failed, for the reason that it was interrupted.
  return last.failure?.reason === 'interrupted' ? 'interrupted' : 'failed';
}
