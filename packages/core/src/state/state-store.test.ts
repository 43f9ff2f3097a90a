import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acquireLock } from './lock.ts';
import { newTaskState } from './state-format.ts';
import { readState, statePaths, StateStore } from './state-store.ts';

const plan = { name: 'p', file: '/p/orchestra.config.yaml' };
const temp = () => statePaths(mkdtempSync(path.join(os.tmpdir(), 'orc-state-')));

describe('StateStore', () => {
  it('journals transitions and folds them into state.json on close', async () => {
    const paths = temp();
    const store = new StateStore(paths, plan);
    store.setTask('a', { ...newTaskState('t'), status: 'succeeded' }, true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(paths.journal, 'utf8')).toContain('"succeeded"');
    await store.close();
    expect(JSON.parse(readFileSync(paths.state, 'utf8')).tasks.a.status).toBe('succeeded');
    expect(readFileSync(paths.journal, 'utf8')).toBe('');
  });

  it('replays the journal a killed run left behind, ignoring a torn last line', async () => {
    const paths = temp();
    const store = new StateStore(paths, plan);
    store.setTask('a', { ...newTaskState('t'), status: 'succeeded' }, true);
    store.setTask('b', { ...newTaskState('t'), status: 'failed' }, true);
    store.commit();
    // No close(): as after kill -9. Then a torn write.
    appendFileSync(paths.journal, '{"t":"task","id":"c","s":{"sta');
    const loaded = readState(paths, plan);
    expect(loaded.state.tasks.a?.status).toBe('succeeded');
    expect(loaded.state.tasks.b?.status).toBe('failed');
    expect(loaded.state.tasks.c).toBeUndefined();
    expect(loaded.warnings).toEqual([]);
    const next = new StateStore(paths, plan);
    expect(next.replayed).toBe(2);
    expect(JSON.parse(readFileSync(paths.state, 'utf8')).tasks.b.status).toBe('failed');
    await next.close();
  });

  it('writes the durable records of one moment together, once the callback returns or at commit(); a task\'s later record replaces its earlier one', async () => {
    const paths = temp();
    const store = new StateStore(paths, plan);
    const records = (): { id: string; status: string }[] =>
      readFileSync(paths.journal, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { t: string; id: string; s: { status: string } })
        .filter((r) => r.t === 'task')
        .map((r) => ({ id: r.id, status: r.s.status }));
    store.setTask('a', { ...newTaskState('t'), status: 'running' }, false);
    store.setTask('a', { ...newTaskState('t'), status: 'succeeded' }, true);
    store.setTask('b', { ...newTaskState('t'), status: 'running' }, true);
    expect(records()).toEqual([]); // not yet: the callback goes on
    await new Promise((resolve) => setImmediate(resolve));
    expect(records()).toEqual([{ id: 'a', status: 'succeeded' }, { id: 'b', status: 'running' }]);
    store.setTask('b', { ...newTaskState('t'), status: 'failed' }, true);
    store.commit(); // before starting anything that depends on it
    expect(records().at(-1)).toEqual({ id: 'b', status: 'failed' });
    await store.close();
  });

  it('writes a durable record before anything the next callback does, such as a reporter printing the task\'s end', async () => {
    const paths = temp();
    const store = new StateStore(paths, plan);
    // A reporter that already has a line waiting for the end of this turn of the event loop.
    let printedAfter = '';
    setImmediate(() => {
      printedAfter = readFileSync(paths.journal, 'utf8');
    });
    store.setTask('a', { ...newTaskState('t'), status: 'succeeded' }, true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(printedAfter).toContain('"succeeded"');
    await store.close();
  });

  it('leaves a big state.json alone when a run only found tasks cached, and the next reader still sees them cached', async () => {
    const paths = temp();
    const first = new StateStore(paths, plan);
    for (const id of ['a', 'b', 'c']) first.setTask(id, { ...newTaskState('t'), status: 'succeeded', reason: 'old' }, true);
    await first.close();
    const before = readFileSync(paths.state, 'utf8');
    // "Big" here means over 100 bytes, so that a few records stay under a quarter of it.
    const cachedRun = new StateStore(paths, plan, { lazyFoldFromBytes: 100 });
    cachedRun.markCached('a', '2030-01-01T00:00:00.000Z');
    cachedRun.markCached('b', '2030-01-01T00:00:00.000Z');
    await cachedRun.close();
    expect(readFileSync(paths.state, 'utf8')).toBe(before);
    const loaded = readState(paths, plan);
    expect(loaded.replayed).toBe(0); // a clean close: nothing to recover, no warning
    expect(loaded.state.tasks.a).toMatchObject({ status: 'cached', updatedAt: '2030-01-01T00:00:00.000Z' });
    expect(loaded.state.tasks.a?.reason).toBeUndefined();
    expect(loaded.state.tasks.c?.status).toBe('succeeded');
    // A run that records a task folds everything, the earlier cached marks included.
    const next = new StateStore(paths, plan, { lazyFoldFromBytes: 100 });
    expect(next.replayed).toBe(0);
    next.setTask('c', { ...newTaskState('t'), status: 'failed' }, true);
    await next.close();
    const folded = JSON.parse(readFileSync(paths.state, 'utf8'));
    expect([folded.tasks.a.status, folded.tasks.b.status, folded.tasks.c.status]).toEqual(['cached', 'cached', 'failed']);
    expect(readFileSync(paths.journal, 'utf8')).toBe('');
  });

  it('sets aside a state file it cannot read, with a warning', async () => {
    const paths = temp();
    new StateStore(paths, plan).close();
    writeFileSync(paths.state, '{ not json');
    const store = new StateStore(paths, plan);
    expect(store.warnings[0]).toMatch(/not valid JSON/);
    await store.close();
    expect(JSON.parse(readFileSync(paths.state, 'utf8')).version).toBe(1);
  });
});

describe('lock', () => {
  it('keeps a second run out while the first holds the lock, and lets it in after release', () => {
    const paths = temp();
    new StateStore(paths, plan);
    const first = acquireLock(paths.lock);
    expect(first.ok).toBe(true);
    // This process is alive: a second acquisition must fail and name the pid.
    const second = acquireLock(paths.lock);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.message).toContain(`pid ${process.pid}`);
    if (first.ok) first.release();
    expect(existsSync(paths.lock)).toBe(false);
    const third = acquireLock(paths.lock);
    expect(third.ok).toBe(true);
    if (third.ok) third.release();
  });

  it('takes over a stale lock left by a dead process on this host', () => {
    const paths = temp();
    new StateStore(paths, plan);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(paths.lock, JSON.stringify({ pid: deadPid, hostname: os.hostname(), startedAt: '2020-01-01T00:00:00Z' }));
    const lock = acquireLock(paths.lock);
    expect(lock.ok).toBe(true);
    if (lock.ok) {
      expect(lock.tookOverFrom?.pid).toBe(deadPid);
      lock.release();
    }
  });
});
