// The git side of `isolation: worktree`: find the repository that holds the plan, add a detached
// worktree of its HEAD, remove it, and sweep what a killed run left behind. Git runs with argument
// arrays (never a shell), with no hooks, and without GIT_DIR-like variables that would point it elsewhere.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface GitRepo {
  /** The repository's work tree (real path). */
  root: string;
  /** The plan's folder relative to `root`, with `/`; '' when it is the root. */
  planRel: string;
}

/** Where task worktrees live, under the plan's folder (orchestra's own folder: never hashed or watched). */
export function worktreesDir(planRoot: string): string {
  return path.join(planRoot, '.orchestra', 'worktrees');
}

/** Without hooks: a post-checkout hook of the project has no business in orchestra's temporary worktrees. */
const GIT_ARGS = ['-c', 'core.hooksPath=/dev/null'];

/** `env` without the variables that point git at a repository other than the one around its folder. */
export function withoutGitLocation<T extends Record<string, string | undefined>>(env: T): T {
  const out = { ...env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX']) delete out[name];
  return out;
}

const gitEnv = (): NodeJS.ProcessEnv => withoutGitLocation(process.env);

function gitSync(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string; missing: boolean } {
  const result = spawnSync('git', [...GIT_ARGS, ...args], { cwd, env: gitEnv(), encoding: 'utf8' });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: (result.stderr ?? '').trim(), missing };
}

/** The repository holding `planRoot` with a commit to check out, or why there is none and how to fix it. */
export function findGitRepo(planRoot: string): { ok: true; repo: GitRepo } | { ok: false; message: string } {
  const fix = 'make it one (`git init && git add -A && git commit -m init`), or set `isolation: none`';
  const top = gitSync(planRoot, ['rev-parse', '--show-toplevel']);
  if (top.missing) return { ok: false, message: `\`isolation: worktree\` needs git, which was not found on PATH: install git, or set \`isolation: none\`` };
  if (!top.ok) return { ok: false, message: `\`isolation: worktree\` needs the plan's folder ${planRoot} inside a git work tree, and it is not: ${fix}` };
  const root = realpathSync(top.stdout.trim());
  if (!gitSync(planRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).ok) {
    return { ok: false, message: `\`isolation: worktree\` checks out HEAD, and the repository ${root} has no commit yet: commit once (\`git add -A && git commit -m init\`), or set \`isolation: none\`` };
  }
  const planRel = path.relative(root, realpathSync(planRoot)).split(path.sep).join('/');
  return { ok: true, repo: { root, planRel } };
}

// git's worktree commands are not safe to run side by side in one repository (one `add` can read another's
// half-written record in .git/worktrees and fail): this process runs them one at a time.
let gitTurn: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const mine = gitTurn.then(work, work);
  gitTurn = mine.catch(() => {});
  return mine;
}

/**
 * `git worktree add --detach <dir> HEAD`; `dir` must not exist. Tried three times: another process (a
 * second orchestra plan in the same repository) may be changing .git/worktrees at the same moment.
 */
export function addWorktree(repo: GitRepo, dir: string): Promise<void> {
  return oneAtATime(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await execFileAsync('git', [...GIT_ARGS, 'worktree', 'add', '--detach', dir, 'HEAD'], { cwd: repo.root, env: gitEnv(), maxBuffer: 16 * 1024 * 1024 });
        return;
      } catch (error: unknown) {
        if (attempt >= 3) throw error;
        rmSync(dir, { recursive: true, force: true });
        await execFileAsync('git', [...GIT_ARGS, 'worktree', 'prune'], { cwd: repo.root, env: gitEnv() }).catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
}

/** Removes a worktree however it ended (modified, untracked files, half created), then prunes git's record. */
export function removeWorktree(repo: GitRepo, dir: string): Promise<void> {
  return oneAtATime(() => removeNow(repo, dir));
}

async function removeNow(repo: GitRepo, dir: string): Promise<void> {
  try {
    await execFileAsync('git', [...GIT_ARGS, 'worktree', 'remove', '--force', dir], { cwd: repo.root, env: gitEnv() });
  } catch {
    // not (or no longer) a worktree: the folder goes below, the record with prune
  }
  rmSync(dir, { recursive: true, force: true });
  try {
    await execFileAsync('git', [...GIT_ARGS, 'worktree', 'prune'], { cwd: repo.root, env: gitEnv() });
  } catch {
    // a stale record is harmless; the next sweep prunes it
  }
}

/** Worktrees a run killed with -9 left behind: removed (call while holding the plan's lock). */
export function sweepWorktrees(planRoot: string, repo: GitRepo | undefined): string[] {
  const dir = worktreesDir(planRoot);
  if (!existsSync(dir)) return [];
  const left = readdirSync(dir);
  if (left.length === 0) return left;
  if (!repo) {
    const found = findGitRepo(planRoot);
    if (found.ok) repo = found.repo;
  }
  for (const name of left) {
    const tree = path.join(dir, name);
    if (repo) gitSync(repo.root, ['worktree', 'remove', '--force', tree]);
    rmSync(tree, { recursive: true, force: true });
  }
  if (repo) gitSync(repo.root, ['worktree', 'prune']);
  return left.filter((name) => !name.startsWith('.'));
}
