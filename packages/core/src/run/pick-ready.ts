// The pure heart of the scheduler: given the tasks that are ready (all dependencies done), which start
// now? In `ready`'s order (the engine sorts it: longest remaining path first, then id, so runs are
// deterministic and long chains start early), skipping tasks that conflict with what running tasks and
// those picked before them claim, until the free slots are used.
import type { TaskId } from '../plan/model.ts';

export interface PickOptions {
  /** Free slots: concurrency minus running tasks. */
  slots: number;
  /** Whether the task conflicts with what is claimed: running tasks and those picked before it. */
  blocked(id: TaskId): boolean;
  /** The task is picked: from now on it holds its claims (locks, outputs) for `blocked`. */
  claim(id: TaskId): void;
  /** Waves schedule: only tasks of the current wave may start. */
  allowed?(id: TaskId): boolean;
}

/** `ready` in priority order; it is read no further than needed (the engine pops it from a heap). */
export function pickReady(ready: Iterable<TaskId>, options: PickOptions): TaskId[] {
  const picked: TaskId[] = [];
  if (options.slots <= 0) return picked;
  for (const id of ready) {
    if (options.allowed && !options.allowed(id)) continue;
    if (options.blocked(id)) continue;
    options.claim(id);
    picked.push(id);
    if (picked.length >= options.slots) break;
  }
  return picked;
}

/**
 * Priority of each task: the longest chain of estimated durations from it to the end of the graph
 * (its own included). Starting the longest chains first keeps the makespan near the critical path.
 */
export function remainingPathLengths(
  order: readonly TaskId[],
  dependents: ReadonlyMap<TaskId, readonly TaskId[]>,
  estimate: (id: TaskId) => number,
): Map<TaskId, number> {
  const out = new Map<TaskId, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    let longest = 0;
    for (const next of dependents.get(id) ?? []) longest = Math.max(longest, out.get(next) ?? 0);
    out.set(id, longest + estimate(id));
  }
  return out;
}

/** Sorts ready tasks: higher priority first, then by id. */
export function byPriority(priority: ReadonlyMap<TaskId, number>): (a: TaskId, b: TaskId) => number {
  return (a, b) => (priority.get(b) ?? 0) - (priority.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}
