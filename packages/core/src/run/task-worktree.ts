// One attempt of an `isolation: worktree` task, in its own temporary worktree of the plan's repository:
//
//   open:   git worktree add --detach .orchestra/worktrees/<task>-<attempt> HEAD, then copy in from the
//           main tree (uncommitted or not) the task's inputs and its dependencies' declared outputs, at
//           the same relative paths; a picture of the worktree's plan folder is taken (working-tree.ts)
//   finish: what changed in the worktree since that picture is exactly what the task wrote. On success
//           the declared outputs found in the worktree are copied back into the main tree (each file
//           atomically, only when its content differs), and declared outputs the task deleted are
//           deleted there too; everything else it changed is reported as undeclared and stays behind
//   close:  git worktree remove --force + prune, whatever happened
//
// A picture rather than `git status`: it also sees files the task wrote under .gitignore'd paths and
// changes it committed in the worktree.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { FileHasher } from '../fingerprint/file-hasher.ts';
import { hashPatterns, missingOutputs } from '../fingerprint/hash-patterns.ts';
import type { Task } from '../plan/model.ts';
import type { Failure } from './agent.ts';
import { addWorktree, removeWorktree, worktreesDir, type GitRepo } from './git-worktree.ts';
import { changedFiles, outputMatcher, snapshotTree, type TreeSnapshot } from './working-tree.ts';

export interface WorktreeFinish {
  /** Set when declared outputs are missing in the worktree or could not be copied back. */
  failure?: Failure;
  /** Files the task changed (written or deleted) in the worktree's plan folder but did not declare. */
  undeclared: string[];
}

export class TaskWorktree {
  /** The worktree's root. */
  readonly dir: string;
  /** The plan's folder inside the worktree: the attempt's cwd. */
  readonly cwd: string;
  private readonly repo: GitRepo;
  private readonly planRoot: string;
  private before: TreeSnapshot = new Map();

  private constructor(repo: GitRepo, planRoot: string, dir: string) {
    this.repo = repo;
    this.planRoot = planRoot;
    this.dir = dir;
    this.cwd = repo.planRel ? path.join(dir, ...repo.planRel.split('/')) : dir;
  }

  /**
   * Creates the worktree and copies `files` (plan-relative: the inputs and the dependencies' outputs, as
   * the main tree's hasher found them) into it. On error, whatever was created is removed.
   */
  static async open(repo: GitRepo, planRoot: string, task: Task, attempt: number, files: Iterable<string>): Promise<TaskWorktree> {
    const dir = path.join(worktreesDir(planRoot), `${task.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${attempt}`);
    const tree = new TaskWorktree(repo, planRoot, dir);
    try {
      // Left by a run killed with -9 that the sweep at the start did not see (it cannot: we hold the lock).
      if (existsSync(dir)) await removeWorktree(repo, dir);
      mkdirSync(path.dirname(dir), { recursive: true });
      await addWorktree(repo, dir);
      for (const file of new Set(files)) {
        const to = path.join(tree.cwd, file);
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(path.join(planRoot, file), to);
      }
      tree.before = snapshotTree(tree.cwd);
      return tree;
    } catch (error: unknown) {
      await removeWorktree(repo, dir);
      throw error;
    }
  }

  /**
   * After the attempt (and its verify commands): see the file comment. `succeeded`: copy outputs back,
   * unless `strict` and the task wrote undeclared files (then the attempt fails and nothing goes back).
   */
  finish(task: Task, succeeded: boolean, strict: boolean): WorktreeFinish {
    const changed = changedFiles(this.before, snapshotTree(this.cwd));
    const declared = outputMatcher(task.outputs);
    const undeclared = changed.filter((file) => !declared(file));
    if (!succeeded) return { undeclared };
    if (strict && undeclared.length > 0) {
      const shown = undeclared.slice(0, 20).join(', ') + (undeclared.length > 20 ? `, … (${undeclared.length} files)` : '');
      const message = `files written but not declared in outputs: ${shown}`;
      return { undeclared, failure: { reason: 'undeclared-writes', message, detail: undeclared.join('\n') } };
    }
    const found = hashPatterns(new FileHasher(this.cwd, new Map()), task.outputs);
    const missing = missingOutputs(task.outputs, found);
    if (missing.length > 0) {
      return { undeclared, failure: { reason: 'output-missing', message: `declared output${missing.length > 1 ? 's' : ''} not written: ${missing.join(', ')}` } };
    }
    const unreadable = Object.entries(found.unreadable).map(([file, why]) => `${file} (${why})`);
    if (unreadable.length > 0) {
      return { undeclared, failure: { reason: 'output-missing', message: `declared output${unreadable.length > 1 ? 's' : ''} could not be read: ${unreadable.join(', ')}` } };
    }
    try {
      const tmp = path.join(worktreesDir(this.planRoot), `.copy-${process.pid}`);
      for (const file of Object.keys(found.hashes)) copyBack(path.join(this.cwd, file), path.join(this.planRoot, file), tmp);
      const deleted = changed.filter((file) => declared(file) && !this.after(file));
      for (const file of deleted) rmSync(path.join(this.planRoot, file), { force: true });
    } catch (error: unknown) {
      const message = `could not copy the declared outputs back from the worktree: ${error instanceof Error ? error.message : String(error)}`;
      return { undeclared, failure: { reason: 'output-missing', message } };
    }
    return { undeclared };
  }

  async close(): Promise<void> {
    await removeWorktree(this.repo, this.dir);
  }

  private after(file: string): boolean {
    return existsSync(path.join(this.cwd, file));
  }
}

/**
 * `from` over `to`, atomically (copied to `tmp`, then renamed over `to`), unless `to` already has that
 * content. `tmp` is in orchestra's folder, which the watch for undeclared writes leaves out, on the same
 * file system as the plan's folder it is inside of.
 */
function copyBack(from: string, to: string, tmp: string): void {
  try {
    const st = statSync(to);
    if (st.isFile() && st.size === statSync(from).size && readFileSync(to).equals(readFileSync(from))) return;
  } catch {
    // absent: copied below
  }
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    copyFileSync(from, tmp);
    renameSync(tmp, to);
  } catch (error: unknown) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw error;
  }
}
