// What the next run would do and cost, before it starts: per task whether it runs or is cached (the
// engine's own decision, passed in), and from the recorded history the expected time and money of
// what runs, the critical path, and the makespan at the chosen concurrency by simulating the
// scheduler. Pure. A task without history is unknown, never zero: totals then say how many are
// unknown, and time figures become lower bounds.
import { criticalPath, type buildGraph, type TaskId } from '@orchestra/core';

export interface ForecastTask {
  id: TaskId;
  dependsOn: readonly TaskId[];
  locks?: readonly string[];
  /** Would the next run execute it (true) or take it from the cache (false)? */
  run: boolean;
  /** Why, in words (the engine's reason). */
  reason: string;
  /** Recorded duration of its last execution; undefined when there is no history. */
  durationMs?: number;
  /** Recorded cost of its last execution; undefined when unknown (0 for tasks that cost nothing). */
  costUsd?: number;
}

export interface Estimate {
  /** Sum over the tasks whose figure is known. */
  known: number;
  /** Tasks that would run without a recorded figure. */
  unknown: TaskId[];
}

export interface Forecast {
  tasks: ForecastTask[];
  toRun: TaskId[];
  cached: TaskId[];
  /** Sum of the expected durations of what would run. */
  workMs: Estimate;
  costUsd: Estimate;
  /** Longest chain of what would run, by recorded durations (unknown counts as 0: a lower bound). */
  criticalPath: { ids: TaskId[]; durationMs: number; lowerBound: boolean };
  /** Simulated wall time at `concurrency` (unknown durations count as 0: a lower bound). */
  makespan: { durationMs: number; lowerBound: boolean; concurrency: number };
}

/**
 * Eager list scheduling, as the engine runs a plan: whenever a slot is free, start the ready task
 * with the longest remaining chain (ties by id), skipping tasks whose lock is held.
 */
export function simulateMakespan(tasks: readonly ForecastTask[], concurrency: number): number {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const work = tasks.filter((t) => t.run);
  const duration = (t: ForecastTask) => (t.run ? (t.durationMs ?? 0) : 0);
  // Priority: the longest chain from the task to the end of the plan.
  const dependents = new Map<TaskId, TaskId[]>();
  for (const t of tasks) for (const d of t.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  const tail = new Map<TaskId, number>();
  const tailOf = (id: TaskId): number => {
    const known = tail.get(id);
    if (known !== undefined) return known;
    const stack: TaskId[] = [id];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = (dependents.get(top) ?? []).filter((d) => !tail.has(d));
      if (next.length) {
        stack.push(...next);
        continue;
      }
      stack.pop();
      const after = Math.max(0, ...(dependents.get(top) ?? []).map((d) => tail.get(d) ?? 0));
      tail.set(top, duration(byId.get(top)!) + after);
    }
    return tail.get(id) ?? 0;
  };
  const done = new Set<TaskId>(tasks.filter((t) => !t.run).map((t) => t.id));
  const pending = new Set(work.map((t) => t.id));
  const running: { id: TaskId; end: number }[] = [];
  const heldLocks = new Set<string>();
  let now = 0;
  const slots = Math.max(1, concurrency);
  while (pending.size || running.length) {
    const ready = [...pending]
      .map((id) => byId.get(id)!)
      .filter((t) => t.dependsOn.every((d) => done.has(d) || !byId.has(d)))
      .sort((a, b) => tailOf(b.id) - tailOf(a.id) || (a.id < b.id ? -1 : 1));
    for (const task of ready) {
      if (running.length >= slots) break;
      if ((task.locks ?? []).some((l) => heldLocks.has(l))) continue;
      pending.delete(task.id);
      for (const l of task.locks ?? []) heldLocks.add(l);
      running.push({ id: task.id, end: now + duration(task) });
    }
    if (!running.length) break; // only reachable with a cycle: the plan loader rejects those
    running.sort((a, b) => a.end - b.end);
    const first = running.shift()!;
    now = first.end;
    const finished = [first, ...running.filter((r) => r.end <= now)];
    for (const r of finished) {
      done.add(r.id);
      for (const l of byId.get(r.id)?.locks ?? []) heldLocks.delete(l);
    }
    running.splice(0, running.length, ...running.filter((r) => r.end > now));
  }
  return now;
}

/**
 * `schedule: waves`: each wave starts when the previous one is over, so the makespan is the sum
 * of the waves' own makespans.
 */
export function simulateWaves(tasks: readonly ForecastTask[], waves: readonly (readonly TaskId[])[], concurrency: number): number {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  let total = 0;
  for (const wave of waves) {
    const inWave = wave.map((id) => byId.get(id)).filter((t): t is ForecastTask => t !== undefined);
    total += simulateMakespan(inWave.map((t) => ({ ...t, dependsOn: [] })), concurrency);
  }
  return total;
}

/**
 * `graph` is the plan's DAG from buildGraph; `tasks` its tasks with the next run's decisions;
 * `waves` (for `schedule: waves`) the plan's waves from computeWaves.
 */
export function forecast(
  tasks: readonly ForecastTask[],
  concurrency: number,
  graph: ReturnType<typeof buildGraph>,
  waves?: readonly (readonly TaskId[])[],
): Forecast {
  const toRun = tasks.filter((t) => t.run);
  const estimate = (pick: (t: ForecastTask) => number | undefined): Estimate => {
    const result: Estimate = { known: 0, unknown: [] };
    for (const t of toRun) {
      const value = pick(t);
      if (value === undefined) result.unknown.push(t.id);
      else result.known += value;
    }
    return result;
  };
  const workMs = estimate((t) => t.durationMs);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  // An unknown duration weighs a hair, so a chain through tasks without history still shows as
  // the chain it is (its duration then is a lower bound).
  const path = criticalPath(graph, (id) => {
    const t = byId.get(id);
    return t?.run ? (t.durationMs ?? 0.001) : 0;
  });
  const onPath = path.path.filter((id) => byId.get(id)?.run);
  const lowerBound = workMs.unknown.length > 0;
  return {
    tasks: [...tasks],
    toRun: toRun.map((t) => t.id),
    cached: tasks.filter((t) => !t.run).map((t) => t.id),
    workMs,
    costUsd: estimate((t) => t.costUsd),
    criticalPath: { ids: onPath, durationMs: Math.round(path.total), lowerBound },
    makespan: { durationMs: waves ? simulateWaves(tasks, waves, concurrency) : simulateMakespan(tasks, concurrency), lowerBound, concurrency },
  };
}
