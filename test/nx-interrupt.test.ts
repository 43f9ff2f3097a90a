// Ctrl-C during `nx run <p>:execute`: the terminal sends SIGINT to the whole foreground process group
// (nx and its executor). The run must stop as the CLI's own does: the running task's process tree is
// gone, the state says the task did not finish, no lock is left, and the next run finishes the plan.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { counter } from './nx-support/counting-plan.ts';
import { BIN, createWorkspace, testEnv } from './nx-support/nx-workspace.ts';

const PLAN = `version: 1
name: slow
defaults: { agent: command }
tasks:
  slow:
    run: [node, -e, "const fs = require('node:fs'); fs.appendFileSync(process.env.E2E_COUNTER, 'slow ' + process.pid + '\\\\n'); setTimeout(() => { fs.mkdirSync('out', { recursive: true }); fs.writeFileSync('out/slow.txt', 'done'); }, Number(process.env.E2E_SLOW_MS))"]
    outputs: [out/slow.txt]
  after:
    run: [node, -e, "require('node:fs').writeFileSync('out/after.txt', 'done')"]
    dependsOn: [slow]
    outputs: [out/after.txt]
`;

const ws = createWorkspace({ 'orchestra.config.yaml': PLAN });
afterAll(() => ws.remove());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for `condition`, checking every 50 ms, for at most `ms`. */
async function until(condition: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !condition(); await sleep(50)) {
    if (Date.now() > end) throw new Error('timed out waiting');
  }
}

describe('Ctrl-C under nx run', () => {
  it('stops the run as the CLI would, and the next run finishes the plan', async () => {
    const runs = counter();
    const child = spawn(join(BIN, 'nx'), ['run', 'orchestra:execute'], {
      cwd: ws.root,
      env: testEnv([], { E2E_COUNTER: runs.file, E2E_SLOW_MS: '600000' }),
      detached: true, // its own process group, as a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await until(() => runs.runs().length > 0, 60_000);
    const taskPid = Number(runs.runs()[0]?.split(' ')[1]);
    expect(alive(taskPid)).toBe(true);
    process.kill(-(child.pid as number), 'SIGINT');
    const code = await exited;

    expect(code, output).not.toBe(0);
    await until(() => !alive(taskPid), 10_000);
    expect(existsSync(join(ws.root, '.orchestra', 'lock'))).toBe(false);
    expect(existsSync(join(ws.root, '.orchestra', 'nx-executor.lock'))).toBe(false);
    const state = JSON.parse(readFileSync(join(ws.root, '.orchestra', 'state.json'), 'utf8')) as {
      tasks: Record<string, { status: string; success?: unknown }>;
    };
    expect(state.tasks['slow']?.success).toBeUndefined();
    expect(state.tasks['after']?.success).toBeUndefined();

    const again = await ws.nx(['run', 'orchestra:execute'], { E2E_COUNTER: runs.file, E2E_SLOW_MS: '0' });
    expect(again.code, again.output).toBe(0);
    expect(readFileSync(join(ws.root, 'out', 'after.txt'), 'utf8')).toBe('done');
  });
});
