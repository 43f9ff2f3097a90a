import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inPlanTurn } from './plan-turn.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('inPlanTurn', () => {
  it('lets one run of a plan go at a time, the others wait (not fail) and then go', async () => {
    dir = mkdtempSync(join(tmpdir(), 'orchestra-turn-'));
    const signal = new AbortController().signal;
    const log: string[] = [];
    const firstMayEnd = deferred();
    const waited = deferred();
    const first = inPlanTurn(dir, signal, () => {}, async () => {
      log.push('first start');
      await firstMayEnd.promise;
      log.push('first end');
      return 1;
    });
    const second = inPlanTurn(dir, signal, () => waited.resolve(), async () => {
      log.push('second start');
      return 2;
    });
    await waited.promise;
    firstMayEnd.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first start', 'first end', 'second start']);
    expect(existsSync(join(dir, 'nx-executor.lock'))).toBe(false);
  });

  it('takes over a turn left by a process that is gone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'orchestra-turn-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'nx-executor.lock'), JSON.stringify({ pid: 2147483646, hostname: hostname(), startedAt: 'then' }));
    const result = await inPlanTurn(dir, new AbortController().signal, () => {
      throw new Error('must not wait for a dead holder');
    }, async () => 'ran');
    expect(result).toBe('ran');
  });

  it('gives up waiting when interrupted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'orchestra-turn-'));
    writeFileSync(join(dir, 'nx-executor.lock'), JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: 'now' }));
    const controller = new AbortController();
    const result = await inPlanTurn(dir, controller.signal, () => controller.abort(), async () => 'ran');
    expect(result).toBeUndefined();
  });
});
