// The real `orchestra run` on a plan with `isolation: worktree`: a refusal outside git, a run inside.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { node, runCli, tempDir } from './engine-support/workspace.ts';

function writeIsolatedPlan(root: string): void {
  const script = `require('node:fs').mkdirSync('out', { recursive: true }); require('node:fs').writeFileSync('out/a.txt', 'a'); require('node:fs').writeFileSync('junk.txt', 'j');`;
  const plan = ['version: 1', 'isolation: worktree', 'tasks:', '  build:', '    agent: command', `    run: ${JSON.stringify([node, '-e', script])}`, '    outputs: [out]'];
  writeFileSync(path.join(root, 'orchestra.config.yaml'), `${plan.join('\n')}\n`);
}

describe('orchestra run with isolation: worktree', () => {
  it('is refused outside a git work tree with how to fix it, exit 2', () => {
    const root = tempDir();
    writeIsolatedPlan(root);
    const r = runCli(['run'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs the plan's folder .* inside a git work tree.*set `isolation: none`/);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('runs the task in a worktree: the output comes back, the undeclared write is reported and stays behind', () => {
    const root = tempDir();
    writeIsolatedPlan(root);
    writeFileSync(path.join(root, '.gitignore'), '.orchestra\n');
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'init');
    const r = runCli(['run'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toContain('files written but not declared in outputs: junk.txt');
    expect(readFileSync(path.join(root, 'out/a.txt'), 'utf8')).toBe('a');
    expect(existsSync(path.join(root, 'junk.txt'))).toBe(false);
    expect(readdirSync(path.join(root, '.orchestra/worktrees'))).toEqual([]);
    expect(git('status', '--porcelain')).toBe('?? out/\n');
  });
});
