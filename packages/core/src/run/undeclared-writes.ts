// Files written by tasks that did not declare them. The file system's change notifications (see
// tree-watcher.ts) say what changed; when a task ends, what changed since the last task ended is
// checked against the outputs of every task that ran in that interval. With one task running, the
// culprit is certain; with several, the report names the others. Where notifications are not
// available, a walk of the tree (sizes, mtimes, inodes) before and after stands in.
//
// Several tasks may end together, each awaiting the notifications: the set of tasks a batch of changes
// is checked against is taken in the same synchronous step as the batch itself (the tasks running now,
// plus those that ended since the last batch was taken), never from a list computed before an await.
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
  /** Tasks running now. */
  private readonly running = new Set<TaskId>();
  /** Tasks that ended after the last batch of changes was taken: their writes may be in the next one. */
  private readonly endedSince = new Set<TaskId>();
  private readonly matchers = new Map<TaskId, (file: string) => boolean>();

  constructor(root: string) {
    this.root = root;
  }

  taskStarted(task: Task): void {
    if (!this.watcher) {
      this.watcher = new TreeWatcher(this.root);
      if (this.watcher.failed) this.snapshot = snapshotTree(this.root);
    }
    this.running.add(task.id);
    if (!this.matchers.has(task.id)) this.matchers.set(task.id, outputMatcher(task.outputs));
  }

  /** Call when a task's attempt ended; the tracker knows which tasks still run. */
  async taskEnded(task: Task): Promise<UndeclaredReport> {
    this.running.delete(task.id);
    this.endedSince.add(task.id);
    let changed: string[];
    if (this.snapshot) {
      const after = snapshotTree(this.root);
      changed = changedFiles(this.snapshot, after);
      this.snapshot = after;
    } else {
      changed = (await this.watcher?.take()) ?? [];
    }
    // From here on, synchronous: the batch and the tasks that may have written it belong together.
    const candidates = new Set<TaskId>([task.id, ...this.endedSince, ...this.running]);
    this.endedSince.clear();
    const files = changed.filter((file) => ![...candidates].some((id) => this.matchers.get(id)?.(file)));
    return { files, alsoRunning: [...candidates].filter((id) => id !== task.id).sort() };
  }

  close(): void {
    this.watcher?.close();
  }
}
