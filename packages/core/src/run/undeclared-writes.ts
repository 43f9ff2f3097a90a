// Files written by tasks that did not declare them. The file system's change notifications (see
// tree-watcher.ts) say what changed; when a task ends, what changed since the last task ended is
// checked against the outputs of every task that ran in that interval. With one task running, the
// culprit is certain; with several, the report names the others. Where notifications are not
// available, a walk of the tree (sizes, mtimes, inodes) before and after stands in.
import type { Task, TaskId } from '../plan/model.ts';
import { TreeWatcher } from './tree-watcher.ts';
import { changedFiles, outputMatcher, snapshotTree, type TreeSnapshot } from './working-tree.ts';

export interface UndeclaredReport {
  files: string[];
  /** Other tasks that ran meanwhile and may have written them; empty when the culprit is certain. */
  alsoRunning: TaskId[];
}

export class UndeclaredWrites {
  private readonly root: string;
  private watcher: TreeWatcher | undefined;
  private snapshot: TreeSnapshot | undefined;
  private readonly ranSince = new Set<TaskId>();
  private readonly matchers = new Map<TaskId, (file: string) => boolean>();

  constructor(root: string) {
    this.root = root;
  }

  taskStarted(task: Task): void {
    if (!this.watcher) {
      this.watcher = new TreeWatcher(this.root);
      if (this.watcher.failed) this.snapshot = snapshotTree(this.root);
    }
    this.ranSince.add(task.id);
    if (!this.matchers.has(task.id)) this.matchers.set(task.id, outputMatcher(task.outputs));
  }

  /** Call when a task's attempt ended; `stillRunning` are the other tasks running now. */
  async taskEnded(task: Task, stillRunning: Iterable<TaskId>): Promise<UndeclaredReport> {
    let changed: string[];
    if (this.snapshot) {
      const after = snapshotTree(this.root);
      changed = changedFiles(this.snapshot, after);
      this.snapshot = after;
    } else {
      changed = (await this.watcher?.take()) ?? [];
    }
    const candidates = [...this.ranSince];
    this.ranSince.clear();
    for (const id of stillRunning) this.ranSince.add(id);
    const files = changed.filter((file) => !candidates.some((id) => this.matchers.get(id)?.(file)));
    return { files, alsoRunning: candidates.filter((id) => id !== task.id).sort() };
  }

  close(): void {
    this.watcher?.close();
  }
}
