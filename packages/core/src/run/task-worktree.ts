// One attempt of an `isolation: worktree` task, in its own temporary worktree of the plan's repository:
//
//   open:   git worktree add --detach .orchestra/worktrees/<task>-<attempt> HEAD, then make the task's inputs
//           and its dependencies' declared outputs what they are in the main tree (uncommitted or not):
//           copied in at the same relative paths, and those HEAD has but the main tree does not, removed;
//           a picture of the worktree's plan folder is taken (working-tree.ts)
//   finish: what changed in the worktree since that picture is exactly what the task wrote. On success
//           the declared outputs it wrote are copied back into the main tree and those it deleted are
//           deleted there, all or nothing (staged first, then renamed into place); files it did not touch
//           are HEAD's, not the main tree's, and are never copied. Everything else it changed is reported
//           as undeclared and stays behind. Symbolic links are refused as outputs
//   close:  git worktree remove --force + prune, whatever happened
//
// A picture rather than `git status`: it also sees files the task wrote under .gitignore'd paths and
// changes it committed in the worktree.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileHasher } from '../fingerprint/file-hasher.ts';
import { hashPatterns } from '../fingerprint/hash-patterns.ts';
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
   * Creates the worktree and makes what `patternSets` match (plan-relative: the inputs and each
   * dependency's outputs) what it is in the main tree: `files`, as the main tree's hasher found them, are copied in,
   * and any other file the patterns match in the worktree (HEAD has it, the main tree no longer does) is
   * removed. On error, whatever was created is removed.
   */
  static async open(repo: GitRepo, planRoot: string, task: Task, attempt: number, copy: { patternSets: readonly (readonly string[])[]; files: Iterable<string> }): Promise<TaskWorktree> {
    const dir = path.join(worktreesDir(planRoot), `${task.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${attempt}`);
    const tree = new TaskWorktree(repo, planRoot, dir);
    try {
      // Left by a run killed with -9 that the sweep at the start did not see (it cannot: we hold the lock).
      if (existsSync(dir)) await removeWorktree(repo, dir);
      mkdirSync(path.dirname(dir), { recursive: true });
      await addWorktree(repo, dir);
      const files = new Set(copy.files);
      for (const file of files) {
        const to = path.join(tree.cwd, file);
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(path.join(planRoot, file), to);
      }
      const worktreeFiles = new FileHasher(tree.cwd, new Map());
      for (const patterns of copy.patternSets) {
        const inHead = hashPatterns(worktreeFiles, patterns);
        for (const file of [...Object.keys(inHead.hashes), ...Object.keys(inHead.unreadable)]) {
          if (!files.has(file)) rmSync(path.join(tree.cwd, file), { force: true });
        }
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
   * Whether every declared output exists is checked afterwards in the main tree, as for any task.
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
    // The tree picture leaves symbolic links out: look for them among the declared outputs directly.
    const found = hashPatterns(new FileHasher(this.cwd, new Map()), task.outputs);
    const links = [...Object.keys(found.hashes), ...Object.keys(found.unreadable)].filter((file) => isSymlink(path.join(this.cwd, file)));
    if (links.length > 0) {
      const message = `declared output${links.length > 1 ? 's' : ''} ${links.join(', ')} ${links.length > 1 ? 'are symbolic links' : 'is a symbolic link'}: a task in a worktree hands back regular files only`;
      return { undeclared, failure: { reason: 'output-missing', message } };
    }
    const written = changed.filter((file) => declared(file) && this.after(file));
    const deleted = changed.filter((file) => declared(file) && !this.after(file));
    const staging = path.join(worktreesDir(this.planRoot), `.copy-${process.pid}-${path.basename(this.dir)}`);
    try {
      // Staged first, so that a file that cannot be copied (a folder in the way, a full disk) leaves the
      // main tree as it was; then renamed into place.
      const staged = stage(written, this.cwd, this.planRoot, staging);
      for (const [from, to] of staged) {
        mkdirSync(path.dirname(to), { recursive: true });
        renameSync(from, to);
      }
      for (const file of deleted) rmSync(path.join(this.planRoot, file), { force: true });
    } catch (error: unknown) {
      const message = `could not copy the declared outputs back from the worktree: ${error instanceof Error ? error.message : String(error)}`;
      return { undeclared, failure: { reason: 'output-missing', message } };
    } finally {
      rmSync(staging, { recursive: true, force: true });
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
 * Copies each of `files` (relative) from `fromRoot` into `staging` (inside orchestra's folder, on the plan's
 * file system, left out of the watch for undeclared writes), skipping those whose main-tree copy already
 * has that content. Returns [staged file, destination] pairs; throws before anything is renamed when a
 * destination cannot take a file.
 */
function stage(files: readonly string[], fromRoot: string, toRoot: string, staging: string): [string, string][] {
  mkdirSync(staging, { recursive: true });
  const out: [string, string][] = [];
  files.forEach((file, i) => {
    const from = path.join(fromRoot, file);
    const to = path.join(toRoot, file);
    const existing = statSync(to, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw new Error(`${file} is a folder in the main tree`);
    if (existing?.isFile() && existing.size === statSync(from).size && readFileSync(to).equals(readFileSync(from))) return;
    const tmp = path.join(staging, String(i));
    copyFileSync(from, tmp);
    out.push([tmp, to]);
  });
  return out;
}

function isSymlink(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}
