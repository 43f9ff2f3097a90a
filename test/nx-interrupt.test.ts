// Ctrl-C during `nx run <p>:execute` must stop the run as the CLI's own Ctrl-C does: the running tasks'
// process trees are gone, each is recorded as interrupted (one attempt, no retry), no lock is left, and
// the next run finishes the plan. Two ways Ctrl-C reaches it:
//   - without a terminal (CI): SIGINT to nx's whole process group, executor included;
//   - in a terminal: the executor has its own pseudo-terminal; only nx gets SIGINT, then Nx kills its
//     task trees leaves first (the agents die before the executor hears of it) and closes that terminal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { counter } from './nx-support/counting-plan.ts';
import { BIN, createWorkspace, testEnv, type Workspace } from './nx-support/nx-workspace.ts';
import { isAlive as alive } from '@orchestra/core/testing';

// Two tasks that start together and wait; `after` needs `slow`. Retries are allowed, so a retry after
// Ctrl-C would show as a second attempt.
const PLAN = `version: 1
name: slow
defaults: { agent: command, retries: 2 }
tasks:
  slow:
    run: [node, -e, "const fs = require('node:fs'); fs.appendFileSync(process.env.E2E_COUNTER, 'slow ' + process.pid + '\\\\n'); setTimeout(() => { fs.mkdirSync('out', { recursive: true }); fs.writeFileSync('out/slow.txt', 'done'); }, Number(process.env.E2E_SLOW_MS))"]
    outputs: [out/slow.txt]
  other:
    run: [node, -e, "require('node:fs').appendFileSync(process.env.E2E_COUNTER, 'other ' + process.pid + '\\\\n'); setTimeout(() => {}, Number(process.env.E2E_SLOW_MS))"]
  after:
    run: [node, -e, "require('node:fs').writeFileSync('out/after.txt', 'done')"]
    dependsOn: [slow]
    outputs: [out/after.txt]
`;

const workspaces: Workspace[] = [];
afterAll(() => workspaces.forEach((w) => w.remove()));

interface TaskRecord {
  status: string;
  success?: unknown;
  attempts: Array<{ failure?: { reason: string } }>;
}

async function interruptAndCheck(start: (ws: Workspace, env: NodeJS.ProcessEnv) => { child: ChildProcess; ctrlC(): void }) {
  const ws = createWorkspace({ 'orchestra.config.yaml': PLAN });
  workspaces.push(ws);
  const runs = counter();
  const { child, ctrlC } = start(ws, testEnv([], { E2E_COUNTER: runs.file, E2E_SLOW_MS: '600000' }));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  await expect.poll(() => runs.runs().length, { timeout: 60_000, interval: 50 }).toBe(2);
  const pids = runs.runs().map((line) => Number(line.split(' ')[1]));
  ctrlC();
  expect(await exited, output).not.toBe(0);

  // The executor may outlive nx by a moment while the engine records the stop.
  await expect.poll(() => pids.every((pid) => !alive(pid)) && !existsSync(join(ws.root, '.orchestra', 'lock')), { timeout: 20_000, interval: 50 }).toBe(true);
  expect(existsSync(join(ws.root, '.orchestra', 'nx-executor.lock'))).toBe(false);
  const state = JSON.parse(readFileSync(join(ws.root, '.orchestra', 'state.json'), 'utf8')) as { tasks: Record<string, TaskRecord> };
  for (const id of ['slow', 'other']) {
    expect(state.tasks[id]?.success).toBeUndefined();
    expect(state.tasks[id]?.attempts.map((a) => a.failure?.reason)).toEqual(['interrupted']);
  }
  expect(state.tasks['after']?.success).toBeUndefined();

  const again = await ws.nx(['run', 'orchestra:execute'], { E2E_COUNTER: runs.file, E2E_SLOW_MS: '0' });
  expect(again.code, again.output).toBe(0);
  expect(readFileSync(join(ws.root, 'out', 'after.txt'), 'utf8')).toBe('done');
}

describe('Ctrl-C under nx run', () => {
  it('without a terminal: SIGINT to the process group', async () => {
    await interruptAndCheck((ws, env) => {
      const child = spawn(join(BIN, 'nx'), ['run', 'orchestra:execute'], {
        cwd: ws.root,
        env,
        detached: true, // its own process group, as a shell's foreground job
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { child, ctrlC: () => process.kill(-(child.pid as number), 'SIGINT') };
    });
  });

  it('in a terminal: ^C typed into a pseudo-terminal', async () => {
    await interruptAndCheck((ws, env) => {
      // util-linux `script` runs nx in a pseudo-terminal; what is written to its stdin is typed there.
      const child = spawn('script', ['-qec', `${join(BIN, 'nx')} run orchestra:execute`, '/dev/null'], {
        cwd: ws.root,
        env: { ...env, CI: undefined },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      return { child, ctrlC: () => child.stdin?.write('\x03') };
    });
  });
});
