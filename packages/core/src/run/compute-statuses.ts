// Every task's freshness at once, for `status`, `explain`, `plan --dry-run` and the forecast: the same
// `taskStatus` the engine applies, fed with the recorded state instead of a live run. A dependency that
// is not cached will run, so its dependents are stale ("dependency X will run"), unless early cutoff
// saves them once it has actually run.
import { FileHasher } from '../fingerprint/file-hasher.ts';
import { hashPatterns, type HashedFiles } from '../fingerprint/hash-patterns.ts';
import type { Plan, TaskId } from '../plan/model.ts';
import type { StateFile, SuccessRecord } from '../state/state-format.ts';
import { statePaths } from '../state/state-store.ts';
import { readReceipts } from './receipts.ts';
import { dependencyPartOf, taskStatus, type Freshness } from './task-status.ts';
import { topologicalOrder } from './topological-order.ts';

export interface StatusHashes {
  /** The files a task's patterns name now, hashed (see hash-patterns.ts). */
  patternHashes(patterns: readonly string[]): HashedFiles;
}

/** Hashes read from the plan's folder, reusing the state's size/mtime/inode stamps. */
export function workspaceHashes(plan: Plan, state: StateFile): StatusHashes & { hasher: FileHasher } {
  const hasher = new FileHasher(plan.root, new Map(Object.entries(state.files)));
  return { hasher, patternHashes: (patterns) => hashPatterns(hasher, patterns) };
}

export interface StatusOptions {
  /** Agent name -> version (joins the fingerprint). Missing agents count as version "". */
  agentVersions: ReadonlyMap<string, string>;
  /** Tasks forced to run (`--force`, `--from`). */
  forced?: ReadonlySet<TaskId>;
  /** Receipts on disk, by task id (see receipts.ts). */
  receipts?: ReadonlyMap<string, SuccessRecord>;
  /** A run holds the plan's lock: the tasks the state says are running are running now, not interrupted. */
  runInProgress?: boolean;
}

export function computeStatuses(plan: Plan, state: StateFile, hashes: StatusHashes, options: StatusOptions): Map<TaskId, Freshness> {
  const byTopology = new Map<TaskId, Freshness>();
  for (const id of topologicalOrder(plan)) {
    const task = plan.tasks.get(id)!;
    const inputs = hashes.patternHashes(task.inputs);
    const result = taskStatus(task, state.tasks[id], {
      agentVersion: options.agentVersions.get(task.agent) ?? '',
      inputHashes: inputs.hashes,
      unreadableInputs: inputs.unreadable,
      dependencyPart: (dep) => {
        const depTask = plan.tasks.get(dep);
        const found = byTopology.get(dep);
        if (!depTask || found?.kind !== 'cached') return undefined;
        // A dependency cached by its receipt contributes what the receipt records.
        return dependencyPartOf(depTask, found.receipt ? { ...state.tasks[dep]!, success: found.receipt } : state.tasks[dep]);
      },
      outputHashes: () => hashes.patternHashes(task.outputs),
      forced: options.forced?.has(id) ?? false,
      ...(options.runInProgress && state.tasks[id]?.status === 'running' ? { runningNow: true } : {}),
      ...(options.receipts?.has(id) ? { receipt: options.receipts.get(id)! } : {}),
    });
    byTopology.set(id, result);
  }
  return new Map(plan.taskIds.map((id) => [id, byTopology.get(id)!]));
}

/**
 * The statuses of the plan's tasks as its folder is now: files hashed with the state's stamps, receipts
 * on disk taken into account. What `status`, `explain`, `--dry-run` and the forecast show.
 */
export function statusesOnDisk(plan: Plan, state: StateFile, options: StatusOptions): Map<TaskId, Freshness> {
  return computeStatuses(plan, state, workspaceHashes(plan, state), { receipts: readReceipts(statePaths(plan.root).dir), ...options });
}
