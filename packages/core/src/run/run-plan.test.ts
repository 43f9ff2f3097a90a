import { closeSync, existsSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asTaskId } from '../plan/model.ts';
import { readState, statePaths, StateWriteError } from '../state/state-store.ts';
import type { OrchestraEvent } from '../report/events.ts';
import { countingTask, node, planIn, resetRuns, run, runs, tempWorkspace, write } from './test-workspace.test-helper.ts';
import { isAlive } from '../util/process-identity.ts';
import type { Agent } from './agent.ts';

const id = asTaskId;

/**   a ──> b ──> c        d (independent)   */
function chain(root: string, overrides: { aContent?: string; bArgs?: string } = {}) {
  return planIn(root, [
    countingTask('a', { out: 'out/a.txt', content: overrides.aContent ?? 'A', from: 'src/a.txt' }),
    countingTask('b', { out: 'out/b.txt', content: overrides.bArgs ?? 'B', dependsOn: ['a'], from: 'out/a.txt' }),
    countingTask('c', { out: 'out/c.txt', dependsOn: ['b'], from: 'out/b.txt' }),
    countingTask('d', { out: 'out/d.txt' }),
  ]);
}

describe('runPlan: cache', () => {
  it('runs everything once, then nothing', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    const first = await run(chain(root));
    expect(first.status).toBe('succeeded');
    expect(first.exitCode).toBe(0);
    expect(runs(root)).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    const second = await run(chain(root));
    expect(second.counts).toMatchObject({ cached: 4, succeeded: 0 });
    expect(runs(root)).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    const state = JSON.parse(readFileSync(path.join(root, '.orchestra/state.json'), 'utf8'));
    expect(state.version).toBe(1);
    expect(state.tasks.a.status).toBe('cached');
    // A quick success that printed nothing leaves no log.
    expect(existsSync(path.join(root, '.orchestra/logs/a'))).toBe(false);
  });

  it('warns about an input that names no file, each run, until the path is right', async () => {
    const root = tempWorkspace();
    write(root, 'data.txt', 'one');
    write(root, 'src/x.ts', '');
    const plan = (inputs: string[]) => planIn(root, [countingTask('copy', { inputs })]);
    // (countingTask's runs.log is an undeclared write of its own: not these.)
    const warnings = (r: Awaited<ReturnType<typeof run>>) => r.events.flatMap((e) => (e.type === 'warning' && e.message.startsWith('input') ? [e.message] : []));
    const typo = 'input "dta.txt" of copy names no file: a typo? (the task is fingerprinted as if it were empty, so a file created there later makes it run again)';
    expect(warnings(await run(plan(['dta.txt', 'src/**/*.ts', '!src/y.ts'])))).toEqual([typo]);
    expect(warnings(await run(plan(['dta.txt', 'src/**/*.ts', '!src/y.ts'])))).toEqual([typo]); // cached, still said
    expect(warnings(await run(plan(['data.txt', 'src/../src']))), 'a path through .. is not judged').toEqual([]);
    expect(warnings(await run(plan(['data.txt', 'src/**/*.ts', 'lib/**'])))).toEqual([
      'input "lib/**" of copy names no file: a typo? (the task is fingerprinted as if it were empty, so a file created there later makes it run again)',
    ]);
  });

  it('a changed command runs that task and its descendants only', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    await run(chain(root, { bArgs: 'B2' }));
    expect(runs(root)).toEqual({ b: 1, c: 1 });
  });

  it('a changed input file runs that task and its descendants only', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    write(root, 'src/a.txt', 'two');
    const result = await run(chain(root));
    expect(runs(root)).toEqual({ a: 1, b: 1, c: 1 });
    expect(result.counts).toMatchObject({ succeeded: 3, cached: 1 });
  });

  it('a deleted output reruns its task; identical bytes keep dependents cached (early cutoff)', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    rmSync(path.join(root, 'out/a.txt'));
    await run(chain(root));
    expect(runs(root)).toEqual({ a: 1 });
  });

  it('a changed command whose output stays the same keeps its dependents cached (early cutoff)', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    const plan = planIn(root, [
      countingTask('gen', { out: 'gen.txt', content: 'same' }),
      countingTask('use', { out: 'use.txt', dependsOn: ['gen'], from: 'gen.txt' }),
    ]);
    await run(plan);
    resetRuns(root);
    const edited = planIn(root, [
      countingTask('gen', { out: 'gen.txt', content: 'same', description: 'edited', run: [node, '-e', "require('node:fs').appendFileSync('runs.log', 'gen\\n'); require('node:fs').writeFileSync('gen.txt', 'same')"] }),
      countingTask('use', { out: 'use.txt', dependsOn: ['gen'], from: 'gen.txt' }),
    ]);
    await run(edited);
    expect(runs(root)).toEqual({ gen: 1 });
  });

  it('a modified output reruns its task (and only it, when it writes the same bytes again)', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    write(root, 'out/b.txt', 'tampered');
    await run(chain(root));
    expect(runs(root)).toEqual({ b: 1 });
  });

  it('an upstream change that changes its output runs exactly the real descendants', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    await run(chain(root, { aContent: 'A2' }));
    expect(runs(root)).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('a file touched without a change is not rehashed into a false change', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'src/a.txt'), later, later);
    await run(chain(root));
    expect(runs(root)).toEqual({});
  });

  it('--force runs everything; --from runs a task and its descendants; --only limits to a task and its dependencies', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    await run(chain(root), { force: true });
    expect(runs(root)).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    resetRuns(root);
    await run(chain(root), { from: id('b') });
    expect(runs(root)).toEqual({ b: 1, c: 1 });
    resetRuns(root);
    rmSync(path.join(root, 'out/d.txt'));
    rmSync(path.join(root, 'out/a.txt'));
    const only = await run(chain(root), { only: [id('b')] });
    expect(runs(root)).toEqual({ a: 1 });
    expect(only.tasks.size).toBe(2);
  });

  it('--dry-run says what would run and runs nothing', async () => {
    const root = tempWorkspace();
    write(root, 'src/a.txt', 'one');
    await run(chain(root));
    resetRuns(root);
    write(root, 'src/a.txt', 'two');
    const result = await run(chain(root), { dryRun: true });
    expect(runs(root)).toEqual({});
    expect(result.events.filter((e) => e.type === 'task-queued').map((e) => 'id' in e && e.id)).toEqual(['a', 'b', 'c']);
    expect(result.tasks.get(id('a'))?.reason).toContain('input src/a.txt changed');
    // b waits on a, and its own change is still named.
    const both = await run(chain(root, { bArgs: 'B2' }), { dryRun: true });
    expect(both.tasks.get(id('b'))?.reason).toBe('definition: run changed; dependency a will run');
    expect(both.tasks.get(id('d'))?.status).toBe('cached');
  });
});

describe('runPlan: state on disk', () => {
  it('a dependency\'s success is in the journal (or state.json) before any dependent starts', async () => {
    const root = tempWorkspace();
    // An agent that, when asked to start a task, reads what is on disk at that moment.
    const seen = new Map<string, string[]>();
    const probe: Agent = {
      name: 'probe',
      version: async () => '1',
      async run(request) {
        const text = ['journal.ndjson', 'state.json'].map((f) => (existsSync(path.join(root, '.orchestra', f)) ? readFileSync(path.join(root, '.orchestra', f), 'utf8') : '')).join('');
        seen.set(request.task.id, request.task.dependsOn.filter((dep) => !text.includes(`"id":"${dep}","s":{"status":"succeeded"`)));
        return { ok: true, exitCode: 0 };
      },
    };
    const plan = planIn(root, [
      { id: 'a', agent: 'probe' },
      { id: 'b', agent: 'probe' },
      { id: 'c', agent: 'probe', dependsOn: ['a', 'b'] },
      { id: 'd', agent: 'probe', dependsOn: ['c'] },
      { id: 'e', agent: 'probe', dependsOn: ['c'] },
      { id: 'f', agent: 'probe', dependsOn: ['d', 'e'] },
    ]);
    const result = await run(plan, { concurrency: 4, agents: new Map([['probe', probe]]) });
    expect(result.counts).toMatchObject({ succeeded: 6 });
    // Not recorded when it started: none, for every task.
    expect(Object.fromEntries(seen)).toEqual({ a: [], b: [], c: [], d: [], e: [], f: [] });
  });

  it('a process group reported as it is spawned (a direct spawn) is on disk before the pass starts the next task', async () => {
    const root = tempWorkspace();
    const journal = path.join(root, '.orchestra', 'journal.ndjson');
    const started: string[] = [];
    const unrecorded = new Map<string, string[]>();
    // Like a direct spawn: the pid comes back synchronously, with no start time read by a helper.
    const direct: Agent = {
      name: 'direct',
      version: async () => '1',
      async run(request) {
        const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n') : [];
        unrecorded.set(request.task.id, started.filter((task) => !lines.some((l) => l.includes(`"id":"${task}"`) && l.includes('"pgid"'))));
        started.push(request.task.id);
        request.onProcessStart?.(process.pid);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { ok: true, exitCode: 0 };
      },
    };
    const plan = planIn(root, ['a', 'b', 'c', 'd'].map((task) => ({ id: task, agent: 'direct' })));
    const result = await run(plan, { concurrency: 4, agents: new Map([['direct', direct]]) });
    expect(result.counts).toMatchObject({ succeeded: 4 });
    expect(Object.fromEntries(unrecorded)).toEqual({ a: [], b: [], c: [], d: [] });
  });

  it('a process group reported by the spawner is on disk once the callback that brought it returns', async () => {
    const root = tempWorkspace();
    const journal = path.join(root, '.orchestra', 'journal.ndjson');
    let onDiskNextCallback: boolean | undefined;
    // Like the spawner's 'S' frame: the pid and its start time arrive in a later callback.
    const helper: Agent = {
      name: 'helper',
      version: async () => '1',
      async run(request) {
        await new Promise<void>((resolve) =>
          setImmediate(() => {
            // The next callback, queued before the pid is reported (as a reporter's flush may be).
            setImmediate(() => {
              onDiskNextCallback = existsSync(journal) && readFileSync(journal, 'utf8').includes('"pgid"');
              resolve();
            });
            request.onProcessStart?.(process.pid, '1');
          }),
        );
        return { ok: true, exitCode: 0 };
      },
    };
    const result = await run(planIn(root, [{ id: 'a', agent: 'helper' }]), { agents: new Map([['helper', helper]]) });
    expect(result.counts).toMatchObject({ succeeded: 1 });
    expect(onDiskNextCallback).toBe(true);
  });
});

// Linux only (/proc/self/fd), as the CI machines are.
describe('runPlan: a state that cannot be written', () => {
  /**
   * Makes the journal's next write fail (EBADF), as a full disk would: its descriptor, found in /proc, is
   * closed (nothing opens files in between that could be given the same number).
   */
  function breakJournal(root: string): void {
    const journal = path.join(root, '.orchestra', 'journal.ndjson');
    for (const fd of readdirSync('/proc/self/fd')) {
      let target = '';
      try {
        target = readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        continue;
      }
      if (target === journal) closeSync(Number(fd));
    }
  }
  /** A task that ends only when its attempt is aborted. */
  const untilAborted: Agent['run'] = (request) =>
    new Promise((resolve) => request.signal.addEventListener('abort', () => resolve({ ok: false, failure: { reason: 'interrupted', message: 'ended' } }), { once: true }));

  it('stops the run when the journal write at the end of a turn fails, ending what still runs', { timeout: 20_000 }, async () => {
    const root = tempWorkspace();
    const agent: Agent = {
      name: 'probe',
      version: async () => '1',
      run: (request) => (request.task.id === 'quick' ? Promise.resolve({ ok: true }) : untilAborted(request)),
    };
    // `next` waits for quick; hashing its input leaves a file stamp to record, which then fails too.
    write(root, 'in.txt', 'x');
    const plan = planIn(root, [{ id: 'quick', agent: 'probe' }, { id: 'next', agent: 'probe', dependsOn: ['quick'], inputs: ['in.txt'] }, { id: 'long', agent: 'probe' }]);
    const events: OrchestraEvent[] = [];
    const onEvent = (e: OrchestraEvent): void => {
      events.push(e);
      // Between quick's success and the write that records it: after it, nothing else writes until long ends.
      if (e.type === 'task-succeeded' && e.id === 'quick') breakJournal(root);
    };
    const error = await run(plan, { concurrency: 2, agents: new Map([['probe', agent]]), onEvent }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateWriteError);
    expect((error as Error).message).toMatch(/could not write .*journal\.ndjson: EBADF/);
    // Said as documented: how the ended task ended, then run-finished last.
    expect(events.filter((e) => e.type === 'task-failed').map((e) => (e as { id: string }).id)).toEqual(['long']);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', counts: { succeeded: 1, failed: 1, notRun: 1 } });
  });

  it('does not wait out a retry\'s backoff once the state cannot be written', { timeout: 20_000 }, async () => {
    const root = tempWorkspace();
    let flakyRuns = 0;
    const agent: Agent = {
      name: 'probe',
      version: async () => '1',
      async run(request) {
        if (request.task.id === 'flaky') {
          flakyRuns++;
          return { ok: false, failure: { reason: 'exit-non-zero', message: 'flaky' } };
        }
        // Breaks the journal once flaky is waiting for its retry (a minute away).
        await new Promise((resolve) => setTimeout(resolve, 300));
        breakJournal(root);
        return { ok: true };
      },
    };
    const plan = planIn(root, [{ id: 'flaky', agent: 'probe', retries: 3 }, { id: 'breaker', agent: 'probe' }]);
    const error = await run(plan, { concurrency: 2, agents: new Map([['probe', agent]]), retryPolicy: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateWriteError);
    expect(flakyRuns).toBe(1);
  });
});

describe('runPlan: failures', () => {
  it('skips dependents of a failed task, finishes independent branches, and fails the run', async () => {
    const root = tempWorkspace();
    const plan = planIn(root, [
      { id: 'bad', run: [node, '-e', 'console.error("boom"); process.exit(4)'] },
      countingTask('after', { dependsOn: ['bad'] }),
      countingTask('later', { dependsOn: ['after'] }),
      countingTask('free'),
    ]);
    const result = await run(plan);
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
    expect(runs(root)).toEqual({ free: 1 });
    expect(result.tasks.get(id('after'))).toMatchObject({ status: 'skipped', reason: expect.stringContaining('dependency bad failed') });
    expect(result.tasks.get(id('later'))?.status).toBe('skipped');
    const failed = result.events.find((e) => e.type === 'task-failed');
    expect(failed).toMatchObject({ failure: { reason: 'exit-non-zero', detail: expect.stringContaining('boom') } });
  });

  it('--bail starts nothing new after the first failure', async () => {
    const root = tempWorkspace();
    const plan = planIn(
      root,
      [{ id: 'a-bad', run: [node, '-e', 'process.exit(1)'] }, countingTask('b'), countingTask('c')],
      { concurrency: 1 },
    );
    const result = await run(plan, { bail: true });
    expect(result.status).toBe('failed');
    expect(runs(root)).toEqual({});
    expect(result.counts.notRun).toBe(2);
  });

  it('retries with backoff and records every attempt', async () => {
    const root = tempWorkspace();
    const script = `const fs=require('node:fs'); const n=(fs.existsSync('n')?Number(fs.readFileSync('n','utf8')):0)+1; fs.writeFileSync('n', String(n)); if (n < 3) process.exit(2);`;
    const plan = planIn(root, [{ id: 'flaky', run: [node, '-e', script], retries: 2 }]);
    const result = await run(plan);
    expect(result.status).toBe('succeeded');
    expect(result.events.filter((e) => e.type === 'task-retrying')).toHaveLength(2);
    const { state } = readState(statePaths(root), { name: 'test', file: plan.file });
    expect(state.tasks.flaky?.attempts.map((a) => [a.number, a.outcome, a.exitCode])).toEqual([
      [1, 'failed', 2],
      [2, 'failed', 2],
      [3, 'succeeded', 0],
    ]);
    // Failed attempts always have their log (the command, then how it ended); the silent success none.
    expect(readFileSync(path.join(root, '.orchestra/logs/flaky/1.log'), 'utf8')).toMatch(/^\$ .*\n\[orchestra\] attempt 1 failed \(exit-non-zero\): /);
    expect(existsSync(path.join(root, '.orchestra/logs/flaky/2.log'))).toBe(true);
    expect(existsSync(path.join(root, '.orchestra/logs/flaky/3.log'))).toBe(false);
  });

  it('fails a task whose verify fails (keeping its output) or whose declared output is missing', async () => {
    const root = tempWorkspace();
    const plan = planIn(root, [
      { id: 'verified', run: [node, '-e', ''], verify: [[node, '-e', 'console.log("assertion x"); process.exit(1)']] },
      { id: 'lazy', run: [node, '-e', ''], outputs: ['never.txt'] },
      { id: 'ok', run: [node, '-e', ''], verify: ['exit 0'] },
    ]);
    const result = await run(plan);
    const failures = Object.fromEntries(
      result.events.flatMap((e) => (e.type === 'task-failed' ? [[e.id, e.failure]] : [])),
    );
    expect(failures.verified).toMatchObject({ reason: 'verify-failed', detail: expect.stringContaining('assertion x') });
    expect(failures.lazy).toMatchObject({ reason: 'output-missing', message: expect.stringContaining('never.txt') });
    expect(result.tasks.get(id('ok'))?.status).toBe('succeeded');
    // The silent process printed nothing, yet its failed attempt has a log that says why.
    expect(readFileSync(path.join(root, '.orchestra/logs/lazy/1.log'), 'utf8')).toMatch(/\[orchestra\] attempt 1 failed \(output-missing\): .*never\.txt/);
  });

  it('a timeout kills the whole process tree', async () => {
    const root = tempWorkspace();
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync('grandchild.pid', String(g.pid));
      setInterval(() => {}, 1000);`;
    const plan = planIn(root, [{ id: 'slow', run: [node, '-e', script], timeoutMs: 1_500 }]);
    const result = await run(plan);
    expect(result.events.find((e) => e.type === 'task-failed')).toMatchObject({ failure: { reason: 'timed-out' } });
    const pid = Number(readFileSync(path.join(root, 'grandchild.pid'), 'utf8'));
    const alive = (): boolean => isAlive(pid);
    await expect.poll(alive, { timeout: 10_000 }).toBe(false);
  });

  it('an abort terminates running tasks, records them and ends interrupted (130)', async () => {
    const root = tempWorkspace();
    const controller = new AbortController();
    const plan = planIn(root, [
      { id: 'long', run: [node, '-e', 'console.log("up"); setInterval(() => {}, 1000)'] },
      countingTask('next', { dependsOn: ['long'] }),
    ]);
    const result = await run(plan, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'task-output') controller.abort();
      },
    });
    expect(result.status).toBe('interrupted');
    expect(result.exitCode).toBe(130);
    expect(runs(root)).toEqual({});
    const { state } = readState(statePaths(root), { name: 'test', file: plan.file });
    expect(state.tasks.long?.attempts[0]?.failure?.reason).toBe('interrupted');
  });

  it('reports undeclared writes, and fails the task under strict', async () => {
    const root = tempWorkspace();
    const script = 'const fs = require("node:fs"); fs.writeFileSync("stray.txt", "x"); fs.mkdirSync("new/deep", { recursive: true }); fs.writeFileSync("new/deep/f.txt", "y"); fs.writeFileSync("ok.txt", "z")';
    const sketch = { id: 'sloppy', run: [node, '-e', script], outputs: ['ok.txt'] };
    const loose = await run(planIn(root, [sketch]));
    expect(loose.events.find((e) => e.type === 'task-succeeded')).toMatchObject({ undeclaredWrites: ['new/deep/f.txt', 'stray.txt'] });
    rmSync(path.join(root, 'stray.txt'));
    const strict = await run(planIn(root, [sketch], { strict: true }), { force: true });
    expect(strict.events.find((e) => e.type === 'task-failed')).toMatchObject({ failure: { reason: 'undeclared-writes' } });
  });

  it('keeps secrets out of logs, events and state', async () => {
    const root = tempWorkspace();
    const env = { ...process.env, SERVICE_TOKEN: 'tok-1234567890' };
    const plan = planIn(root, [{ id: 'leaky', run: [node, '-e', 'console.log(process.env.SERVICE_TOKEN); process.exit(1)'] }]);
    const result = await run(plan, { env });
    expect(JSON.stringify(result.events)).not.toContain('tok-1234567890');
    expect(readFileSync(path.join(root, '.orchestra/logs/leaky/1.log'), 'utf8')).not.toContain('tok-1234567890');
    expect(readFileSync(path.join(root, '.orchestra/state.json'), 'utf8')).not.toContain('tok-1234567890');
  });
});
