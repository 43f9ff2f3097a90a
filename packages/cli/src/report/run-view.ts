// What the reporters know of a run, folded from the engine's events. Pure: events in, state out.
// The live view, the plain lines and the final summary all read this one model.
import type { Failure, OrchestraEvent, TaskId, TokenUsage } from '@orchestra/core';

export type TaskPhase = 'queued' | 'running' | 'waiting' | 'retrying' | 'succeeded' | 'failed' | 'cached' | 'skipped';

export interface TaskView {
  id: TaskId;
  phase: TaskPhase;
  /**
   * Attempts started in this run (0 when it never started). The events' `attempt` counts across
   * runs (a resumed task goes on from where it stopped); people want this run's count.
   */
  attempts: number;
  /** Epoch ms the current attempt started. */
  attemptStartedAt?: number;
  /** Sum of the durations of finished attempts. */
  durationMs: number;
  /** The agent's latest action, or the last output line of a command. */
  activity?: string;
  /** Cost so far of the attempt in progress. */
  attemptCostUsd?: number;
  /** Cost of finished attempts; undefined when no attempt reported one. */
  costUsd?: number;
  usage?: TokenUsage;
  /** Why it was cached, skipped, or is waiting. */
  reason?: string;
  failure?: Failure;
  logFile?: string;
  /** Epoch ms a waiting or retrying task resumes. */
  resumesAt?: number;
  /** Epoch ms the task reached its final phase. */
  finishedAt?: number;
}

export type RunFinished = Extract<OrchestraEvent, { type: 'run-finished' }>;

export interface RunView {
  runId?: string;
  planName?: string;
  planFile?: string;
  concurrency?: number;
  taskCount?: number;
  /** The tasks in this run (run-started), when the engine said. */
  selected?: readonly TaskId[];
  startedAt?: number;
  lastEventAt?: number;
  /** In the order the tasks were first seen. */
  tasks: Map<TaskId, TaskView>;
  warnings: { id?: TaskId; message: string }[];
  finished?: RunFinished;
}

export function emptyRunView(): RunView {
  return { tasks: new Map(), warnings: [] };
}

function taskOf(view: RunView, id: TaskId): TaskView {
  let task = view.tasks.get(id);
  if (!task) {
    task = { id, phase: 'queued', attempts: 0, durationMs: 0 };
    view.tasks.set(id, task);
  }
  return task;
}

function addCost(task: TaskView, cost: number | undefined): void {
  if (cost !== undefined) task.costUsd = (task.costUsd ?? 0) + cost;
}

function addUsage(task: TaskView, usage: TokenUsage | undefined): void {
  if (!usage) return;
  const before = task.usage ?? { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
  task.usage = {
    inputTokens: before.inputTokens + usage.inputTokens,
    outputTokens: before.outputTokens + usage.outputTokens,
    cacheReadInputTokens: before.cacheReadInputTokens + usage.cacheReadInputTokens,
    cacheCreationInputTokens: before.cacheCreationInputTokens + usage.cacheCreationInputTokens,
  };
}

/** Closes the attempt in progress: its time and cost join the task's totals. */
function endAttempt(task: TaskView, at: number, durationMs: number | undefined, costUsd: number | undefined): void {
  const measured = durationMs ?? (task.attemptStartedAt !== undefined ? at - task.attemptStartedAt : 0);
  if (task.attemptStartedAt !== undefined || durationMs !== undefined) task.durationMs += Math.max(0, measured);
  addCost(task, costUsd ?? task.attemptCostUsd);
  task.attemptStartedAt = undefined;
  task.attemptCostUsd = undefined;
}

/** Folds one event into the view (mutates it, for speed on long runs) and returns it. */
export function applyEvent(view: RunView, event: OrchestraEvent): RunView {
  const at = Date.parse(event.time);
  view.lastEventAt = Number.isNaN(at) ? view.lastEventAt : at;
  switch (event.type) {
    case 'run-started':
      view.runId = event.runId;
      view.planName = event.plan.name;
      view.planFile = event.plan.file;
      view.concurrency = event.concurrency;
      view.taskCount = event.taskCount;
      if (event.tasks) view.selected = event.tasks;
      view.startedAt = at;
      break;
    case 'task-queued':
      taskOf(view, event.id).phase = 'queued';
      break;
    case 'task-started': {
      const task = taskOf(view, event.id);
      task.phase = 'running';
      task.attempts += 1;
      task.attemptStartedAt = at;
      task.attemptCostUsd = undefined;
      task.activity = undefined;
      task.logFile = event.logFile;
      task.resumesAt = undefined;
      break;
    }
    case 'task-progress': {
      const task = taskOf(view, event.id);
      task.activity = event.message;
      if (event.costUsd !== undefined) task.attemptCostUsd = event.costUsd;
      break;
    }
    case 'task-output': {
      const task = taskOf(view, event.id);
      const line = event.line.trim();
      if (line) task.activity = line;
      break;
    }
    case 'task-retrying': {
      const task = taskOf(view, event.id);
      endAttempt(task, at, event.durationMs, event.costUsd);
      addUsage(task, event.usage);
      task.phase = 'retrying';
      task.failure = event.failure;
      task.resumesAt = at + event.delayMs;
      break;
    }
    case 'task-waiting': {
      const task = taskOf(view, event.id);
      task.phase = 'waiting';
      task.reason = event.reason;
      const until = Date.parse(event.untilTime);
      task.resumesAt = Number.isNaN(until) ? undefined : until;
      break;
    }
    case 'task-succeeded': {
      const task = taskOf(view, event.id);
      endAttempt(task, at, event.durationMs, event.costUsd);
      addUsage(task, event.usage);
      task.phase = 'succeeded';
      task.failure = undefined;
      task.finishedAt = at;
      break;
    }
    case 'task-failed': {
      const task = taskOf(view, event.id);
      endAttempt(task, at, event.durationMs, event.costUsd);
      addUsage(task, event.usage);
      task.phase = 'failed';
      task.failure = event.failure;
      task.finishedAt = at;
      break;
    }
    case 'task-cached': {
      const task = taskOf(view, event.id);
      task.phase = 'cached';
      task.reason = event.reason;
      task.finishedAt = at;
      break;
    }
    case 'task-skipped': {
      const task = taskOf(view, event.id);
      task.phase = 'skipped';
      task.reason = event.reason;
      task.finishedAt = at;
      break;
    }
    case 'warning':
      view.warnings.push(event.id === undefined ? { message: event.message } : { id: event.id, message: event.message });
      break;
    case 'run-finished':
      view.finished = event;
      break;
    default:
      // Events newer than this reporter are ignored, so old reporters keep working.
      break;
  }
  return view;
}

export interface RunCounts {
  done: number;
  running: number;
  queued: number;
  cached: number;
  failed: number;
  skipped: number;
  total: number;
}

export function countTasks(view: RunView): RunCounts {
  const counts: RunCounts = { done: 0, running: 0, queued: 0, cached: 0, failed: 0, skipped: 0, total: 0 };
  for (const task of view.tasks.values()) {
    if (task.phase === 'succeeded') counts.done += 1;
    else if (task.phase === 'running' || task.phase === 'waiting' || task.phase === 'retrying') counts.running += 1;
    else if (task.phase === 'queued') counts.queued += 1;
    else if (task.phase === 'cached') counts.cached += 1;
    else if (task.phase === 'failed') counts.failed += 1;
    else counts.skipped += 1;
  }
  counts.total = Math.max(view.taskCount ?? 0, view.tasks.size);
  // The engine queues a task once its dependencies are done; the tasks it has not reached yet
  // are waiting too, so they count as queued.
  counts.queued += counts.total - view.tasks.size;
  return counts;
}

/** Money spent so far: finished attempts plus what running attempts reported. */
export function spentCost(view: RunView): number {
  if (view.finished) return view.finished.costUsd;
  let sum = 0;
  for (const task of view.tasks.values()) sum += (task.costUsd ?? 0) + (task.attemptCostUsd ?? 0);
  return sum;
}

export function totalTokens(usage: TokenUsage | undefined): number | undefined {
  if (!usage) return undefined;
  return usage.inputTokens + usage.outputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
}
