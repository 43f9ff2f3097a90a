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
import path from 'node:path';
import type { Task, TaskId } from '../plan/model.ts';
import { isFile, TreeWatcher } from './tree-watcher.ts';
import { changedFiles, outputMatcher, snapshotTree, type TreeSnapshot } from './working-tree.ts';

export interface UndeclaredReport {
  /**
   * Undeclared files in the batch this task's end took, and those a worktree task's end took while this
   * was the only task in the main tree.
   */
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
  /** Undeclared files of a batch a worktree task's end took while this task was the only one in the main tree: certainly its own. */
  private readonly certain = new Map<TaskId, Set<string>>();
  /**
   * Tasks in a worktree of their own. They change the main tree only by copying their declared outputs
   * back (their matchers take those out of the batch), or by escaping their worktree: a change there is
   * theirs only when no task of the main tree could have made it.
   */
  private readonly isolated = new Set<TaskId>();

  constructor(root: string) {
    this.root = root;
  }

  taskStarted(task: Task): void {
    if (task.isolation === 'worktree') this.isolated.add(task.id);
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
    const inMainTree = [...candidates].filter((id) => !this.isolated.has(id));
    const suspects = inMainTree.length > 0 ? inMainTree : [...candidates];
    const others = suspects.filter((id) => id !== task.id);
    // Every other suspect still has its report to come (it runs, or awaits its own batch): it gets these too.
    if (files.length > 0 && others.length === 1 && !suspects.includes(task.id)) {
      const entry = this.certain.get(others[0]!) ?? new Set<string>();
      for (const file of files) entry.add(file);
      this.certain.set(others[0]!, entry);
    } else if (files.length > 0) {
      for (const other of others) {
        const entry = this.pending.get(other) ?? { files: new Set<string>(), others: new Set<TaskId>() };
        for (const file of files) entry.files.add(file);
        for (const id of suspects) if (id !== other) entry.others.add(id);
        this.pending.set(other, entry);
      }
    }
    // Checked again now: a temp file since renamed into place (into this task's output, say) is no write.
    const stillThere = (file: string): boolean => !this.matchers.get(task.id)?.(file) && isFile(path.join(this.root, file));
    const mine = this.pending.get(task.id);
    this.pending.delete(task.id);
    const sure = [...(this.certain.get(task.id) ?? [])].filter((file) => !files.includes(file) && stillThere(file));
    this.certain.delete(task.id);
    // A worktree task beside tasks of the main tree: what changed there is theirs to answer for.
    const report: UndeclaredReport = suspects.includes(task.id) ? { files: [...files, ...sure].sort(), alsoRunning: others.sort() } : { files: [], alsoRunning: [] };
    this.isolated.delete(task.id);
    const shared = mine ? [...mine.files].filter((file) => !report.files.includes(file) && stillThere(file)) : [];
    if (shared.length > 0) report.shared = { files: shared.sort(), others: [...mine!.others].sort() };
    return report;
  }

  close(): void {
    this.watcher?.close();
  }
}
