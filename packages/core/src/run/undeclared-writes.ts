// Files written by tasks that did not declare them. The file system's change notifications (see
// tree-watcher.ts) say what changed; when a task ends, what changed since the last task ended is
// checked against the outputs of every task that ran in that interval. With one task running, the
// culprit is certain; with several, the report names the others, and each of them gets the files too
// when it ends (the task that ends first takes the batch, but the writer may be one still running).
// Where notifications are not available, a walk of the tree (sizes, mtimes, inodes) before and after
// stands in.
//
// Several tasks may end together, each awaiting the notifications: the set of tasks a batch of changes
// is checked against is taken in the same synchronous step as the batch itself (the tasks running now,
// plus those that ended since the last batch was taken), never from a list computed before an await.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Task, TaskId } from '../plan/model.ts';
import { TreeWatcher } from './tree-watcher.ts';
import { changedFiles, outputMatcher, snapshotTree, type TreeSnapshot } from './working-tree.ts';

export interface UndeclaredReport {
  /** Undeclared files in the batch this task's end took. */
  files: string[];
  /** Other tasks that ran meanwhile and may have written them; empty when the culprit is certain. */
  alsoRunning: TaskId[];
  /**
   * Undeclared files in batches other tasks' ends took while this one ran: this task may have written
   * them, or one of `others` (never certain, so never a failure under strict).
   */
  shared?: { files: string[]; others: TaskId[] };
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
  /**
   * Undeclared files of a batch another task took while this one ran or waited for its own batch, with
   * the tasks that batch could be from: part of this task's report when it ends.
   */
  private readonly pending = new Map<TaskId, { files: Set<string>; others: Set<TaskId> }>();
  /** Tasks running in a worktree of their own: what changes in the main tree is never theirs. */
  private readonly isolated = new Set<TaskId>();

  constructor(root: string) {
    this.root = root;
  }

  taskStarted(task: Task): void {
    // A task in a worktree of its own writes nothing in the main tree: never a candidate here.
    if (task.isolation === 'worktree') {
      this.isolated.add(task.id);
      return;
    }
    if (!this.watcher) {
      this.watcher = new TreeWatcher(this.root);
      if (this.watcher.failed) this.snapshot = snapshotTree(this.root);
    }
    this.running.add(task.id);
    if (!this.matchers.has(task.id)) this.matchers.set(task.id, outputMatcher(task.outputs));
  }

  /** Call when a task's attempt ended; the tracker knows which tasks still run. */
  async taskEnded(task: Task): Promise<UndeclaredReport> {
    if (this.isolated.delete(task.id)) return { files: [], alsoRunning: [] };
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
    const others = [...candidates].filter((id) => id !== task.id);
    // Every other candidate still has its report to come (it runs, or awaits its own batch): it gets these too.
    if (files.length > 0) {
      for (const other of others) {
        const entry = this.pending.get(other) ?? { files: new Set<string>(), others: new Set<TaskId>() };
        for (const file of files) entry.files.add(file);
        for (const id of candidates) if (id !== other) entry.others.add(id);
        this.pending.set(other, entry);
      }
    }
    const mine = this.pending.get(task.id);
    this.pending.delete(task.id);
    const report: UndeclaredReport = { files, alsoRunning: others.sort() };
    // Checked again now: a temp file since renamed into place (into this task's output, say) is no write.
    const shared = mine ? [...mine.files].filter((file) => !files.includes(file) && !this.matchers.get(task.id)?.(file) && isFile(path.join(this.root, file))) : [];
    if (shared.length > 0) report.shared = { files: shared.sort(), others: [...mine!.others].sort() };
    return report;
  }

  close(): void {
    this.watcher?.close();
  }
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}
