import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TreeWatcher } from './tree-watcher.ts';

/** Counts turns of the event loop (check phases) from now on. */
function turnCounter(): { now(): number; stop(): void } {
  let turns = 0;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turns, stop: () => (stopped = true) };
}

describe('TreeWatcher.take', () => {
  it('waits out a whole poll phase begun after the call, and callers of one moment go on together', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'orc-watch-'));
    const watcher = new TreeWatcher(root);
    const turns = turnCounter();
    const ended: number[] = [];
    // Whether the second caller went on in the same callback as the first (before the first's nextTick):
    // what lets the state store write both tasks' records at once.
    let nextTickBetween = false;
    const first = watcher.take().then(() => {
      ended.push(turns.now());
      process.nextTick(() => (nextTickBetween = true));
    });
    const second = watcher.take().then(() => {
      ended.push(turns.now());
      expect(nextTickBetween).toBe(false);
    });
    await Promise.all([first, second]);
    expect(ended[0]).toBe(ended[1]);
    expect(ended[0]).toBeGreaterThanOrEqual(2);
    // A call made after the shared wait's first immediate fired waits on its own, a whole poll phase again.
    writeFileSync(path.join(root, 'a.txt'), 'a');
    const start = turns.now();
    const files = await watcher.take();
    expect(turns.now() - start).toBeGreaterThanOrEqual(2);
    expect(files).toEqual(['a.txt']);
    turns.stop();
    watcher.close();
  });
});
