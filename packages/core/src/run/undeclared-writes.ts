// Files written by tasks that did not declare them. One shared picture of the tree is kept; when a task
// ends, what changed since the last picture is checked against the outputs of every task that ran in
// that interval. With one task running, the culprit is certain; with several, the report names them.
import type { Task, TaskId } from '../plan/model.ts';
import { changedFiles, outputMatcher, snapshotTree, type TreeSnapshot } from './working-tree.ts';

export interface UndeclaredReport {
  files: string[];
  /** Other tasks that ran meanwhile and may have written them; empty when the culprit is certain. */
  alsoRunning: TaskId[];
}

export class UndeclaredWrites {
  private snapshot: TreeSnapshot | undefined;
  private readonly root: string;
  private readonly ranSince = new Set<TaskId>();
  private readonly matchers = new Map<TaskId, (file: string) => boolean>();

  constructor(root: string) {
    this.root = root;
  }

  taskStarted(task: Task): void {
    this.snapshot ??= snapshotTree(this.root);
    this.ranSince.add(task.id);
    if (!this.matchers.has(task.id)) this.matchers.set(task.id, outputMatcher(task.outputs));
  }

  /** Call when a task's attempt ended; `stillRunning` are the other tasks running now. */
  taskEnded(task: Task, stillRunning: Iterable<TaskId>): UndeclaredReport {
    const after = snapshotTree(this.root);
    const changed = this.snapshot ? changedFiles(this.snapshot, after) : [];
    this.snapshot = after;
    const candidates = [...this.ranSince];
    this.ranSince.clear();
    for (const id of stillRunning) this.ranSince.add(id);
    const files = changed.filter((file) => !candidates.some((id) => this.matchers.get(id)?.(file)));
    return { files, alsoRunning: candidates.filter((id) => id !== task.id).sort() };
  }
}
