// What the next run would do and cost, before it starts: per task whether it runs or is cached (the
// engine's own decision, passed in), and from the recorded history the expected time and money of
// what runs, the critical path, and the makespan at the chosen concurrency by simulating the
// scheduler. Pure. A task without history is unknown, never zero: totals then say how many are
// unknown, and time figures become lower bounds.
import { buildConflictIndex, byPriority, createClaims, criticalPath, pickReady, remainingPathLengths, type buildGraph, type TaskId } from '@orchestra/core';

export interface ForecastTask {
  id: TaskId;
  dependsOn: readonly TaskId[];
  locks?: readonly string[];
  /** Declared outputs: tasks whose outputs overlap never run at once, as in the engine. */
  outputs?: readonly string[];
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
 * Eager list scheduling, as the engine runs a plan, with the engine's own pieces: whenever a slot is
 * free, start the ready tasks in `byPriority` order (longest remaining chain, ties by id) that
 * `pickReady` lets start (no lock or overlapping output claimed by a running task or by one picked with it).
 */
export function simulateMakespan(tasks: readonly ForecastTask[], concurrency: number): number {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const duration = (id: TaskId): number => {
    const t = byId.get(id)!;
    return t.run ? (t.durationMs ?? 0) : 0;
  };
  const dependents = new Map<TaskId, TaskId[]>();
  for (const t of tasks) for (const d of t.dependsOn) if (byId.has(d)) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  const sortReady = byPriority(remainingPathLengths(topologicalOrderOf(tasks, byId, dependents), dependents, duration));
  // The engine's own claims: shared locks and overlapping outputs keep two tasks apart.
  const claimant = (id: TaskId) => ({ id, outputs: [...(byId.get(id)!.outputs ?? [])], locks: [...(byId.get(id)!.locks ?? [])] });
  const claims = createClaims(buildConflictIndex(tasks.map((t) => claimant(t.id))));
  const done = new Set<TaskId>(tasks.filter((t) => !t.run).map((t) => t.id));
  const pending = new Set(tasks.filter((t) => t.run).map((t) => t.id));
  let running: { id: TaskId; end: number }[] = [];
  let now = 0;
  const slots = Math.max(1, concurrency);
  while (pending.size || running.length) {
    const ready = [...pending].filter((id) => byId.get(id)!.dependsOn.every((d) => done.has(d) || !byId.has(d))).sort(sortReady);
    const picked = pickReady(ready, {
      slots: slots - running.length,
      blocked: (id) => claims.conflicts(claimant(id)),
      claim: (id) => claims.add(claimant(id)),
    });
    for (const id of picked) {
      pending.delete(id);
      running.push({ id, end: now + duration(id) });
    }
    if (!running.length) break; // only reachable with a cycle: the plan loader rejects those
    now = Math.min(...running.map((r) => r.end));
    for (const r of running) {
      if (r.end > now) continue;
      done.add(r.id);
      claims.remove(claimant(r.id));
    }
    running = running.filter((r) => r.end > now);
  }
  return now;
}

/** The tasks in an order where every dependency comes before its dependents (Kahn). */
function topologicalOrderOf(
  tasks: readonly ForecastTask[],
  byId: ReadonlyMap<TaskId, ForecastTask>,
  dependents: ReadonlyMap<TaskId, readonly TaskId[]>,
): TaskId[] {
  const waiting = new Map(tasks.map((t) => [t.id, t.dependsOn.filter((d) => byId.has(d)).length]));
  const order = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  for (let i = 0; i < order.length; i++) {
    for (const next of dependents.get(order[i]!) ?? []) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  return order;
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
