// `isolation: worktree` end to end: real git repositories, real files, real processes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskSketch } from '../graph/test-plan.ts';
import { asTaskId } from '../plan/model.ts';
import { readState, statePaths } from '../state/state-store.ts';
import { worktreesDir } from './git-worktree.ts';
import { RunRefusedError } from './run-plan.ts';
import { node, planIn, run, tempWorkspace, write } from './test-workspace.test-helper.ts';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository with one commit holding `files`. */
function repoWith(files: Record<string, string>): string {
  const root = tempWorkspace();
  git(root, 'init', '-q');
  for (const [file, content] of Object.entries(files)) write(root, file, content);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'init');
  return root;
}

/** A command task in a worktree, running a Node script. */
function isolated(id: string, script: string, extra: Partial<TaskSketch> = {}): TaskSketch {
  return { id, run: [node, '-e', `const fs = require('node:fs'); fs.mkdirSync('out', { recursive: true });\n${script}`], isolation: 'worktree', ...extra };
}

function worktreesLeft(repo: string, planRoot = repo): { dirs: string[]; registered: number } {
  const dir = worktreesDir(planRoot);
  const dirs = existsSync(dir) ? readdirSync(dir) : [];
  const registered = git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length - 1;
  return { dirs, registered };
}

describe('isolation: worktree', () => {
  it('writes its declared output into the main tree, records where it ran, removes the worktree, and is cached next time', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const plan = planIn(root, [isolated('build', `fs.writeFileSync('out/a.txt', 'built in ' + process.cwd());`, { outputs: ['out/a.txt'] })]);
    const first = await run(plan);
    expect(first.status).toBe('succeeded');
    const written = readFileSync(path.join(root, 'out/a.txt'), 'utf8');
    expect(written).toContain(path.join('.orchestra', 'worktrees', 'build-1'));
    expect(worktreesLeft(root)).toEqual({ dirs: [], registered: 0 });
    const { state } = readState(statePaths(root), plan);
    expect(state.tasks[asTaskId('build')]?.attempts[0]?.cwd).toBe(written.slice('built in '.length));
    expect(first.events.filter((e) => e.type === 'warning')).toEqual([]);

    const second = await run(plan);
    expect(second.counts).toMatchObject({ cached: 1, succeeded: 0 });
  });

  it("sees an uncommitted input and a dependency's uncommitted output, with the plan in a subfolder", async () => {
    const repo = repoWith({ 'sub/notes.txt': 'committed\n' });
    const root = path.join(repo, 'sub');
    write(root, 'notes.txt', 'edited, not committed\n');
    const plan = planIn(root, [
      { id: 'gen', run: [node, '-e', `require('node:fs').mkdirSync('gen', { recursive: true }); require('node:fs').writeFileSync('gen/g.txt', 'generated\\n');`], outputs: ['gen'] },
      isolated('use', `fs.writeFileSync('out/u.txt', fs.readFileSync('notes.txt', 'utf8') + fs.readFileSync('gen/g.txt', 'utf8'));`, {
        dependsOn: ['gen'],
        inputs: ['notes.txt', 'gen/**'],
        outputs: ['out'],
      }),
    ]);
    const result = await run(plan);
    expect(result.status).toBe('succeeded');
    expect(readFileSync(path.join(root, 'out/u.txt'), 'utf8')).toBe('edited, not committed\ngenerated\n');
    expect(worktreesLeft(repo, root)).toEqual({ dirs: [], registered: 0 });
  });

  it('reports an undeclared write and leaves it out of the main tree; under strict it fails and copies nothing back', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const script = `fs.writeFileSync('out/a.txt', 'a'); fs.writeFileSync('stray.txt', 'x'); fs.writeFileSync('README.md', 'changed');`;
    const plan = planIn(root, [isolated('t', script, { outputs: ['out/a.txt'] })]);
    const result = await run(plan);
    expect(result.status).toBe('succeeded');
    const warnings = result.events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
    expect(warnings).toEqual([expect.stringMatching(/not declared in outputs: README\.md, stray\.txt$/)]);
    expect(existsSync(path.join(root, 'stray.txt'))).toBe(false);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toBe('hi\n');
    expect(readFileSync(path.join(root, 'out/a.txt'), 'utf8')).toBe('a');

    const strictRoot = repoWith({ 'README.md': 'hi\n' });
    const strict = await run(planIn(strictRoot, [isolated('t', script, { outputs: ['out/a.txt'] })], { strict: true }));
    expect(strict.status).toBe('failed');
    expect(strict.tasks.get(asTaskId('t'))?.reason).toMatch(/not declared in outputs: README\.md, stray\.txt$/);
    expect(strict.events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(existsSync(path.join(strictRoot, 'out'))).toBe(false);
    expect(worktreesLeft(strictRoot)).toEqual({ dirs: [], registered: 0 });
  });

  it('a failing task leaves the main tree untouched and its worktree removed', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const plan = planIn(root, [isolated('t', `fs.writeFileSync('out/a.txt', 'a'); fs.writeFileSync('README.md', 'x'); process.exit(3);`, { outputs: ['out/a.txt'] })]);
    const result = await run(plan);
    expect(result.status).toBe('failed');
    expect(existsSync(path.join(root, 'out'))).toBe(false);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toBe('hi\n');
    const changed = git(root, 'status', '--porcelain', '--untracked-files=all').split('\n').filter((l) => l && !l.startsWith('?? .orchestra/'));
    expect(changed).toEqual([]);
    expect(worktreesLeft(root)).toEqual({ dirs: [], registered: 0 });
  });

  it('hands back only what the task wrote or deleted: uncommitted edits and deletions in the main tree stay', async () => {
    const root = repoWith({ 'out/old.txt': 'old\n', 'out/keep.txt': 'keep\n', 'out/gone.txt': 'gone\n' });
    write(root, 'out/mine.txt', 'not committed, not seen by the task\n');
    write(root, 'out/keep.txt', 'edited, not committed\n');
    rmSync(path.join(root, 'out/gone.txt'));
    const plan = planIn(root, [isolated('t', `fs.rmSync('out/old.txt'); fs.writeFileSync('out/new.txt', 'new');`, { outputs: ['out'] })]);
    expect((await run(plan)).status).toBe('succeeded');
    expect(readdirSync(path.join(root, 'out')).sort()).toEqual(['keep.txt', 'mine.txt', 'new.txt']);
    expect(readFileSync(path.join(root, 'out/keep.txt'), 'utf8')).toBe('edited, not committed\n');
  });

  it('does not show the task an input deleted in the main tree but still in HEAD', async () => {
    const root = repoWith({ 'src/a.txt': 'a\n', 'src/old.txt': 'OLD\n' });
    rmSync(path.join(root, 'src/old.txt'));
    const concat = `fs.writeFileSync('out/all.txt', fs.readdirSync('src').sort().map((f) => fs.readFileSync('src/' + f, 'utf8')).join(''));`;
    const plan = planIn(root, [isolated('t', concat, { inputs: ['src'], outputs: ['out/all.txt'] })]);
    expect((await run(plan)).status).toBe('succeeded');
    expect(readFileSync(path.join(root, 'out/all.txt'), 'utf8')).toBe('a\n');
  });

  it('copies back all of the outputs or none: a folder in the way fails the task and changes nothing', async () => {
    const root = repoWith({ 'out/a.txt': 'old a\n' });
    mkdirSync(path.join(root, 'out/z'), { recursive: true });
    write(root, 'out/z/inside.txt', 'a folder where the task writes a file\n');
    const plan = planIn(root, [isolated('t', `fs.writeFileSync('out/a.txt', 'new a'); fs.writeFileSync('out/z', 'z');`, { outputs: ['out/a.txt', 'out/z'] })]);
    const result = await run(plan);
    expect(result.status).toBe('failed');
    expect(result.tasks.get(asTaskId('t'))?.reason).toMatch(/could not copy the declared outputs back.*out\/z is a folder/);
    expect(readFileSync(path.join(root, 'out/a.txt'), 'utf8')).toBe('old a\n');
  });

  it('refuses a symbolic link as an output instead of copying what it points to', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const outside = path.join(tempWorkspace(), 'secret.txt');
    write(path.dirname(outside), 'secret.txt', 'not yours\n');
    const plan = planIn(root, [isolated('t', `fs.symlinkSync(${JSON.stringify(outside)}, 'out/a.txt');`, { outputs: ['out/a.txt'] })]);
    const result = await run(plan);
    expect(result.status).toBe('failed');
    expect(result.tasks.get(asTaskId('t'))?.reason).toMatch(/out\/a.txt is a symbolic link/);
    expect(existsSync(path.join(root, 'out/a.txt'))).toBe(false);
  });

  it('runs eight worktree tasks at once (git itself does not take parallel worktree commands well)', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const tasks = Array.from({ length: 8 }, (_, i) => isolated(`t${i}`, `fs.writeFileSync('out/${i}.txt', '${i}');`, { outputs: [`out/${i}.txt`] }));
    const result = await run(planIn(root, tasks, { concurrency: 8 }));
    expect(result.status).toBe('succeeded');
    expect(readdirSync(path.join(root, 'out')).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `${i}.txt`));
    expect(worktreesLeft(root)).toEqual({ dirs: [], registered: 0 });
  });

  it('refuses, before any task starts, a plan outside a git work tree or in a repository without a commit', async () => {
    const root = tempWorkspace();
    const plan = planIn(root, [isolated('t', `fs.writeFileSync('started', '')`)]);
    const refused = run(plan);
    await expect(refused).rejects.toThrow(RunRefusedError);
    await expect(refused).rejects.toThrow(/plan's folder .* inside a git work tree, and it is not: make it one \(`git init/);
    git(root, 'init', '-q');
    await expect(run(plan)).rejects.toThrow(/has no commit yet: commit once/);
    expect(existsSync(path.join(root, 'started'))).toBe(false);
  });

  it('runs two worktree tasks in parallel, neither seeing the other’s files', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const meeting = tempWorkspace();
    // Each writes its output, says so outside the repository, waits for the other to have done the same,
    // then looks for the other's output in its own tree.
    const task = (me: string, other: string): TaskSketch =>
      isolated(me, [
        `fs.writeFileSync('out/${me}.txt', '${me}');`,
        `fs.writeFileSync(${JSON.stringify(path.join(meeting, me))}, '');`,
        `const deadline = Date.now() + 60000;`,
        `while (!fs.existsSync(${JSON.stringify(path.join(meeting, other))})) { if (Date.now() > deadline) process.exit(9); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }`,
        `fs.appendFileSync('out/${me}.txt', fs.existsSync('out/${other}.txt') ? ' saw ${other}' : ' alone');`,
      ].join('\n'), { outputs: [`out/${me}.txt`] });
    const result = await run(planIn(root, [task('a', 'b'), task('b', 'a')], { concurrency: 2 }));
    expect(result.status).toBe('succeeded');
    expect(readFileSync(path.join(root, 'out/a.txt'), 'utf8')).toBe('a alone');
    expect(readFileSync(path.join(root, 'out/b.txt'), 'utf8')).toBe('b alone');
    expect(worktreesLeft(root)).toEqual({ dirs: [], registered: 0 });
  });

  it('removes the worktrees a killed run left behind', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const stale = path.join(worktreesDir(root), 't-1');
    mkdirSync(worktreesDir(root), { recursive: true });
    git(root, 'worktree', 'add', '--detach', stale, 'HEAD');
    const plan = planIn(root, [isolated('t', `fs.writeFileSync('out/a.txt', 'a');`, { outputs: ['out/a.txt'] })]);
    const result = await run(plan);
    expect(result.status).toBe('succeeded');
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'warning', message: 'removed worktrees an earlier run left behind: t-1' }));
    expect(worktreesLeft(root)).toEqual({ dirs: [], registered: 0 });
  });

  it('removes the worktree of a task interrupted while it runs', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const controller = new AbortController();
    const plan = planIn(root, [isolated('t', `console.log('waiting'); setInterval(() => {}, 1000);`, { outputs: ['out/a.txt'] })]);
    const atEnd: ReturnType<typeof worktreesLeft>[] = [];
    const result = await run(plan, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'task-output') controller.abort();
        // The attempt's own cleanup, not the sweep at the end of the run.
        if (e.type === 'task-failed') atEnd.push(worktreesLeft(root));
      },
    });
    expect(result.status).toBe('interrupted');
    expect(atEnd).toEqual([{ dirs: [], registered: 0 }]);
  });

  it('removes the worktree of a task that timed out', async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const plan = planIn(root, [isolated('t', `setInterval(() => {}, 1000);`, { outputs: ['out/a.txt'], timeoutMs: 300, retries: 1 })]);
    const seen: string[] = [];
    const result = await run(plan, {
      retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
      onEvent: (e) => {
        // Each attempt removes its own worktree (created after task-started): the first is gone when the
        // second starts, the second when the task fails.
        if (e.type === 'task-started') seen.push(`start ${e.attempt}: ${worktreesLeft(root).dirs.join(',')}`);
        if (e.type === 'task-failed') seen.push(`end: ${worktreesLeft(root).dirs.join(',')}`);
      },
    });
    expect(result.tasks.get(asTaskId('t'))?.reason).toMatch(/timed out/);
    expect(seen).toEqual(['start 1: ', 'start 2: ', 'end: ']);
  });

  it('outputs a worktree task copies back are its own, never undeclared writes of a task in the main tree (strict)', { timeout: 60_000 }, async () => {
    const root = repoWith({ 'README.md': 'hi\n' });
    const writeA = `const fs = require('node:fs'); fs.mkdirSync('out', { recursive: true }); fs.writeFileSync('out/a.txt', 'a')`;
    const chain = await run(
      planIn(
        root,
        [
          { id: 'gen', run: [node, '-e', `require('node:fs').writeFileSync('g.txt', 'g')`], outputs: ['g.txt'] },
          { id: 'iso', dependsOn: ['gen'], inputs: ['g.txt'], run: [node, '-e', writeA], outputs: ['out/a.txt'], isolation: 'worktree' },
          { id: 'use', dependsOn: ['iso'], inputs: ['out/a.txt'], run: [node, '-e', `const fs = require('node:fs'); fs.writeFileSync('u.txt', fs.readFileSync('out/a.txt'))`], outputs: ['u.txt'] },
        ],
        { strict: true },
      ),
    );
    expect(chain.counts).toMatchObject({ succeeded: 3, failed: 0 });
    const beside = await run(
      planIn(
        repoWith({ 'README.md': 'hi\n' }),
        [
          // m runs in the main tree until after iso has copied its output back.
          { id: 'm', run: [node, '-e', `const fs = require('node:fs'); const t = setInterval(() => fs.existsSync('out/a.txt') && clearInterval(t), 20)`] },
          { id: 'iso', run: [node, '-e', writeA], outputs: ['out/a.txt'], isolation: 'worktree' },
        ],
        { strict: true },
      ),
      { concurrency: 2 },
    );
    expect(beside.counts).toMatchObject({ succeeded: 2, failed: 0 });
    expect(beside.events.filter((e) => e.type === 'warning')).toEqual([]);
  });
});

