// Every task's freshness at once, for `status`, `explain`, `plan --dry-run` and the forecast: the same
// `taskStatus` the engine applies, fed with the recorded state instead of a live run. A dependency that
// is not cached will run, so its dependents are stale ("dependency X will run"), unless early cutoff
// saves them once it has actually run.
import type { ContentHash } from '../fingerprint/content-hash.ts';
import { FileHasher } from '../fingerprint/file-hasher.ts';
import { hashPatterns } from '../fingerprint/hash-patterns.ts';
import type { Plan, TaskId } from '../plan/model.ts';
import type { StateFile } from '../state/state-format.ts';
import { dependencyPartOf, taskStatus, type Freshness } from './task-status.ts';
import { topologicalOrder } from './topological-order.ts';

export interface StatusHashes {
  /** Hash of a workspace-relative file now, or undefined when missing. */
  fileHash(path: string): ContentHash | undefined;
  /** Hashes of the files a task's globs name now. */
  patternHashes(patterns: readonly string[]): Record<string, ContentHash>;
}

/** Hashes read from the plan's folder, reusing the state's size/mtime/inode stamps. */
export function workspaceHashes(plan: Plan, state: StateFile): StatusHashes & { hasher: FileHasher } {
  const hasher = new FileHasher(plan.root, new Map(Object.entries(state.files)));
  return { hasher, fileHash: (p) => hasher.hash(p), patternHashes: (patterns) => hashPatterns(hasher, patterns) };
}

export interface StatusOptions {
  /** Agent name -> version (joins the fingerprint). Missing agents count as version "". */
  agentVersions: ReadonlyMap<string, string>;
  /** Tasks forced to run (`--force`, `--from`). */
  forced?: ReadonlySet<TaskId>;
}

export function computeStatuses(plan: Plan, state: StateFile, hashes: StatusHashes, options: StatusOptions): Map<TaskId, Freshness> {
  const byTopology = new Map<TaskId, Freshness>();
  for (const id of topologicalOrder(plan)) {
    const task = plan.tasks.get(id)!;
    const result = taskStatus(task, state.tasks[id], {
      agentVersion: options.agentVersions.get(task.agent) ?? '',
      inputHashes: hashes.patternHashes(task.inputs),
      dependencyPart: (dep) => {
        const depTask = plan.tasks.get(dep);
        return depTask && byTopology.get(dep)?.kind === 'cached' ? dependencyPartOf(depTask, state.tasks[dep]) : undefined;
      },
      fileHash: (p) => hashes.fileHash(p),
      forced: options.forced?.has(id) ?? false,
    });
    byTopology.set(id, result);
  }
  return new Map(plan.taskIds.map((id) => [id, byTopology.get(id)!]));
}
