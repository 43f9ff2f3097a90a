// The real `orchestra run | status | explain` on temp workspaces.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, doneCounts, node, randomTasks, runCli, startCli, tempDir, writePlan } from './engine-support/workspace.ts';
import { cleanEnv } from './support/cli.ts';
import { isAlive } from '@orchestra/core/testing';

describe('orchestra run / status / explain', () => {
  it('runs a plan, then skips it; status and explain say why a task would run', () => {
    const root = tempDir();
    const tasks = randomTasks(6, 3, [0, 10]);
    writePlan(root, tasks);
    const first = runCli(['run', '--json', '-j2'], root);
    expect(first.code, first.stderr).toBe(0);
    const events = first.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events[0]).toMatchObject({ type: 'run-started', concurrency: 2 }); // -j as make has it
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', counts: { succeeded: 6 } });

    expect(runCli(['run'], root).code).toBe(0);
    expect(Object.values(doneCounts(root))).toEqual(tasks.map(() => 1));

    writeFileSync(path.join(root, 'out', 't00.txt'), 'tampered');
    const status = runCli(['status'], root);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/t00\s+stale\s+output out\/t00.txt modified/);
    const json = JSON.parse(runCli(['status', '--json'], root).stdout) as { tasks: Record<string, { status: string }> };
    expect(json.tasks.t00?.status).toBe('stale');
    expect(Object.keys(json.tasks)).toHaveLength(6);

    const explain = runCli(['explain', 't00'], root);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('output out/t00.txt modified');
    expect(explain.stdout).toContain('definition:');

    const dry = runCli(['run', '--dry-run', '--json'], root);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('"task-queued","id":"t00"');
    expect(doneCounts(root).t00).toBe(1);
  });

  it('exits 1 when a task fails, 2 for an unknown --only id or a held lock', () => {
    const root = tempDir();
    writeFileSync(
      path.join(root, 'orchestra.config.yaml'),
      ['version: 1', 'tasks:', '  bad:', '    agent: command', '    run: "exit 7"', '  ok:', '    agent: command', '    run: "true"'].join('\n'),
    );
    const failed = runCli(['run'], root);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain('exited with code 7');

    const unknown = runCli(['run', '--only', 'bda'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "bad"');

    // A live process (this test) holds the lock.
    writeFileSync(
      path.join(root, '.orchestra', 'lock'),
      JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() }),
    );
    const locked = runCli(['run'], root);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain(`pid ${process.pid}`);
  });

  it('SIGHUP (a closed terminal) stops the run as SIGINT does: state recorded, exit 130', async () => {
    const root = tempDir();
    writeFileSync(
      path.join(root, 'orchestra.config.yaml'),
      ['version: 1', 'tasks:', '  long:', '    agent: command', `    run: ${JSON.stringify([node, '-e', "console.log('up'); setInterval(() => {}, 1000)"])}`].join('\n'),
    );
    const cli = startCli(['run', '--json'], root);
    await expect.poll(() => cli.output().stdout.includes('"task-output"'), { timeout: 30_000 }).toBe(true);
    cli.child.kill('SIGHUP');
    const done = await cli.exited;
    expect(done.code, done.stderr).toBe(130);
    const state = JSON.parse(readFileSync(path.join(root, '.orchestra', 'state.json'), 'utf8')) as { tasks: Record<string, { status: string }> };
    expect(state.tasks.long?.status).toBe('failed');
    expect(runCli(['status'], root).stdout).toMatch(/long\s+interrupted\s+no success yet \(attempt 1 failed: interrupted\)/);
  });

  it('SIGINT stops the run: the task tree is terminated, the state recorded, exit 130', async () => {
    const root = tempDir();
    const script =
      "const { spawn } = require('node:child_process'); const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync('grandchild.pid', String(g.pid)); console.log('up'); setInterval(() => {}, 1000);";
    writeFileSync(
      path.join(root, 'orchestra.config.yaml'),
      ['version: 1', 'tasks:', '  long:', '    agent: command', `    run: ${JSON.stringify([node, '-e', script])}`].join('\n'),
    );
    const cli = startCli(['run', '--json'], root);
    await expect.poll(() => cli.output().stdout.includes('"task-output"'), { timeout: 30_000 }).toBe(true);
    cli.child.kill('SIGINT');
    const done = await cli.exited;
    expect(done.code).toBe(130);
    expect(done.stdout).toContain('"status":"interrupted"');
    const pid = Number(readFileSync(path.join(root, 'grandchild.pid'), 'utf8'));
    const alive = (): boolean => isAlive(pid);
    await expect.poll(alive, { timeout: 15_000 }).toBe(false);
    const state = JSON.parse(readFileSync(path.join(root, '.orchestra', 'state.json'), 'utf8')) as { tasks: Record<string, { status: string }> };
    expect(state.tasks.long?.status).toBe('failed');
  });
  it('a state that cannot be written (file size limit: EFBIG) stops the run with a clear message, ending its running tasks', () => {
    const root = tempDir();
    const lines = ['version: 1', 'name: full', 'concurrency: 4', 'defaults:', '  agent: command', 'tasks:'];
    // Quick once the test says so (the file `again`), for the run after.
    for (let i = 0; i < 12; i++) lines.push(`  t${i}:`, `    run: 'test -e again && exit 0; echo $$ >> pids.txt; exec sleep ${i < 4 ? 0 : 300}'`);
    writeFileSync(path.join(root, 'orchestra.config.yaml'), `${lines.join('\n')}\n`);
    // 8 blocks of 512 bytes: the journal outgrows it after a few records. Node ignores SIGXFSZ: writes fail with EFBIG.
    const r = spawnSync('/bin/sh', ['-c', 'ulimit -f 8 && exec "$0" "$@"', node, CLI, 'run'], { cwd: root, env: cleanEnv({ CI: '1' }), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/orchestra run: could not write .*\.orchestra\/(journal\.ndjson|state\.json): EFBIG/);
    expect(r.stderr).toContain('what was recorded stays');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    // The 300 s sleeps were ended, not waited for (spawnSync's 60 s timeout would have failed the exit code).
    const pids = readFileSync(path.join(root, 'pids.txt'), 'utf8').trim().split('\n').map(Number);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    // Without the limit, the next run finishes the plan.
    writeFileSync(path.join(root, 'again'), '');
    const next = runCli(['run'], root);
    expect(next.code, next.stderr).toBe(0);
  });

  it('status says a task the run in progress is running is running, not interrupted; and interrupted once that run is gone', { timeout: 60_000 }, async () => {
    const root = tempDir();
    writeFileSync(
      path.join(root, 'orchestra.config.yaml'),
      'version: 1\nname: e2e\ndefaults:\n  agent: command\ntasks:\n  wait:\n    run: [sh, -c, "while [ ! -e go ]; do sleep 0.05; done"]\n',
    );
    const cli = startCli(['run', '--json'], root);
    await expect.poll(() => cli.output().stdout.includes('"task-started"'), { timeout: 30_000 }).toBe(true);
    // The running record reaches the journal once the spawner has said the process started.
    let during = runCli(['status'], root);
    await expect.poll(() => (during = runCli(['status'], root)).stdout, { timeout: 30_000 }).toMatch(/wait\s+running\s+no success yet \(running now, in the run in progress\)/);
    expect(during.stderr).toContain(`a run is in progress (pid ${cli.child.pid}`);
    cli.child.kill('SIGKILL');
    await cli.exited;
    const after = runCli(['status'], root);
    expect(after.stdout).toMatch(/wait\s+interrupted\s+no success yet \(its last run was interrupted\)/);
    expect(after.stderr).not.toContain('a run is in progress');
    writeFileSync(path.join(root, 'go'), ''); // the killed run's task, still running in its own group, ends
  });

  it('status says that a task stale only because a dependency will run may stay cached (early cutoff)', () => {
    const root = tempDir();
    const plan = (echo: string) =>
      `version: 1\nname: e2e\ndefaults:\n  agent: command\ntasks:\n  a:\n    run: [sh, -c, "${echo} > a.txt"]\n    outputs: [a.txt]\n  b:\n    run: [sh, -c, "cat a.txt > b.txt"]\n    dependsOn: [a]\n    inputs: [a.txt]\n    outputs: [b.txt]\n`;
    writeFileSync(path.join(root, 'orchestra.config.yaml'), plan('echo one'));
    expect(runCli(['run'], root).code).toBe(0);
    expect(runCli(['status'], root).stdout).not.toContain('stay cached if');
    writeFileSync(path.join(root, 'orchestra.config.yaml'), plan('echo  one'));
    const status = runCli(['status'], root).stdout;
    expect(status).toMatch(/b\s+stale\s+dependency a will run/);
    expect(status).toContain('Tasks stale only because a dependency will run stay cached if its outputs come out the same.');
    const run = runCli(['run', '--json'], root);
    expect(run.stdout).toContain('"type":"task-cached","id":"b"');
    // A dependency without outputs passes on its fingerprint: no early cutoff, no footnote.
    writeFileSync(path.join(root, 'orchestra.config.yaml'), 'version: 1\nname: e2e\ndefaults:\n  agent: command\ntasks:\n  a:\n    run: ["true"]\n  b:\n    run: ["true"]\n    dependsOn: [a]\n');
    expect(runCli(['run'], root).code).toBe(0);
    writeFileSync(path.join(root, 'orchestra.config.yaml'), 'version: 1\nname: e2e\ndefaults:\n  agent: command\ntasks:\n  a:\n    run: ["true", "1"]\n  b:\n    run: ["true"]\n    dependsOn: [a]\n');
    const noOutputs = runCli(['status'], root).stdout;
    expect(noOutputs).toMatch(/b\s+stale\s+dependency a will run/);
    expect(noOutputs).not.toContain('stay cached if');
  });

  it('status names a task that ran and failed "failed", not "never run"', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'orchestra.config.yaml'), 'version: 1\nname: e2e\ndefaults:\n  agent: command\ntasks:\n  bad:\n    run: [sh, -c, "exit 3"]\n  new:\n    run: ["true"]\n    dependsOn: [bad]\n');
    expect(runCli(['run'], root).code).toBe(1);
    const status = runCli(['status'], root).stdout;
    expect(status).toMatch(/bad\s+failed\s+no success yet \(attempt 1 failed: /);
    expect(status).toMatch(/new\s+never run\s+no success recorded; dependency bad will run/);
    expect(status).toContain('0 cached, 0 stale, 1 never run, 1 failed (of 2)');
  });
});

