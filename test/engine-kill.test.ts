// kill -9 of the real CLI at random moments, in a loop: each time the state still parses, no finished
// task is lost or run again, and the next run finishes the plan.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readState, statePaths } from '@orchestra/core';
import { describe, expect, it } from 'vitest';
import { doneCounts, node, randomTasks, runCli, startCli, tempDir, writePlan } from './engine-support/workspace.ts';
import { isAlive } from '@orchestra/core/testing';

function succeededIn(root: string): Set<string> {
  const paths = statePaths(root);
  if (existsSync(paths.state)) JSON.parse(readFileSync(paths.state, 'utf8')); // must parse, always
  const { state } = readState(paths, { name: 'e2e', file: path.join(root, 'orchestra.config.yaml') });
  return new Set(Object.entries(state.tasks).filter(([, t]) => t.status === 'succeeded' || t.status === 'cached').map(([id]) => id));
}

describe('kill -9 and resume', () => {
  it('loses no finished task and reruns none, over 10 random kills', { timeout: 180_000 }, async () => {
    const root = tempDir('orc-kill-');
    const tasks = randomTasks(20, 7, [100, 300]);
    writePlan(root, tasks, 'concurrency: 4');
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let finished = new Set<string>();
    // Kills that landed mid-run (plan not done) after some task finished: without both, the loop proves nothing.
    let midRun = 0;
    let progressed = 0;
    for (let i = 0; i < 10; i++) {
      const before = doneCounts(root);
      const cli = startCli(['run', '--json'], root);
      // Kill at a random moment of the run itself, not of the CLI's start-up.
      await expect.poll(() => cli.output().stdout.includes('"run-started"') || cli.child.exitCode !== null, { timeout: 30_000 }).toBe(true);
      await sleep(Math.floor(rand() * 450));
      cli.child.kill('SIGKILL');
      await cli.exited;
      // Tasks the killed run had started keep running in their own process groups; let them end
      // so their late writes cannot be mistaken for the next run's.
      await sleep(200);
      const now = succeededIn(root);
      for (const id of finished) expect(now.has(id), `task ${id} was finished, then lost (iteration ${i})`).toBe(true);
      const after = doneCounts(root);
      for (const id of finished) {
        expect(after[id] ?? 0, `task ${id} was finished, then ran again (iteration ${i})`).toBe(before[id] ?? 0);
      }
      if (now.size < tasks.length) midRun++;
      if (now.size > finished.size) progressed++;
      finished = now;
    }
    expect(midRun).toBeGreaterThan(0);
    expect(progressed).toBeGreaterThan(0);
    const last = runCli(['run'], root);
    expect(last.code, last.stderr).toBe(0);
    const all = succeededIn(root);
    expect(all.size).toBe(tasks.length);
    for (const t of tasks) expect(readFileSync(path.join(root, 'out', `${t.id}.txt`), 'utf8')).toBe(t.id);
    // And a further run does nothing at all.
    const counts = doneCounts(root);
    expect(runCli(['run'], root).code).toBe(0);
    expect(doneCounts(root)).toEqual(counts);
  });

  it('the next run ends the task processes a killed run left running, then runs the task once', { timeout: 60_000 }, async () => {
    const root = tempDir('orc-leftover-');
    // The first start hangs (as a task would when its orchestra is killed); the next one finishes.
    const script = [
      "const fs = require('node:fs');",
      "const first = !fs.existsSync('starts.log');",
      "fs.appendFileSync('starts.log', process.pid + '\\n');",
      "if (first) setInterval(() => {}, 1000);",
      "else { fs.writeFileSync('out.txt', 'done'); fs.appendFileSync('done.log', 'slow\\n'); }",
    ].join(' ');
    writeFileSync(
      path.join(root, 'orchestra.config.yaml'),
      ['version: 1', 'name: e2e', 'tasks:', '  slow:', '    agent: command', `    run: ${JSON.stringify([node, '-e', script])}`, '    outputs: [out.txt]'].join('\n'),
    );
    const starts = (): string[] => (existsSync(path.join(root, 'starts.log')) ? readFileSync(path.join(root, 'starts.log'), 'utf8').split('\n').filter(Boolean) : []);
    const alive = isAlive;
    const cli = startCli(['run', '--json'], root);
    await expect.poll(() => starts().length, { timeout: 30_000 }).toBe(1);
    const leftover = Number(starts()[0]);
    try {
      cli.child.kill('SIGKILL');
      await cli.exited;
      expect(alive(leftover)).toBe(true); // its own process group: the kill did not reach it
      const next = runCli(['run', '--json'], root);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout).toContain(`ended processes the earlier run left running, so no task runs twice at once: slow (process group ${leftover})`);
      expect(alive(leftover)).toBe(false);
      expect(starts()).toHaveLength(2);
      expect(doneCounts(root)).toEqual({ slow: 1 });
      expect(readFileSync(path.join(root, 'out.txt'), 'utf8')).toBe('done');
    } finally {
      if (alive(leftover)) process.kill(leftover, 'SIGKILL');
    }
  });
});
