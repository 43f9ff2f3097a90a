// Receipts carry a task's success with its outputs, as Nx's cache restores them on another machine: the
// outputs and receipts are copied to a fresh folder without the state, runs counted.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asTaskId, type Plan } from '../plan/model.ts';
import { readState, statePaths } from '../state/state-store.ts';
import { commandAgent } from './agents/command.ts';
import { statusesOnDisk } from './compute-statuses.ts';
import { receiptPath } from './receipt-path.ts';
import { countingTask, planIn, run, runs, tempWorkspace, write } from './test-workspace.test-helper.ts';

function chain(root: string, bContent = 'b'): Plan {
  return planIn(root, [
    countingTask('a', { from: 'src/in.txt', out: 'out/a.txt' }),
    countingTask('b', { from: 'out/a.txt', out: 'out/b.txt', content: bContent, dependsOn: ['a'] }),
  ]);
}

/** Another machine: the sources, and what a cache restores (outputs, receipts), but no state. */
function restoreElsewhere(from: string, files: string[]): string {
  const to = tempWorkspace();
  write(to, 'src/in.txt', 'in');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    cpSync(path.join(from, file), path.join(to, file));
  }
  return to;
}

async function statusWord(plan: Plan, task: string): Promise<string> {
  const { state } = readState(statePaths(plan.root), { name: plan.name, file: plan.file });
  const agentVersions = new Map([['command', await commandAgent.version(plan)]]);
  return statusesOnDisk(plan, state, { agentVersions }).get(asTaskId(task))!.kind;
}

describe('receipts', () => {
  it('are written only when asked, for tasks that ran and for tasks found cached', async () => {
    const root = tempWorkspace();
    write(root, 'src/in.txt', 'in');
    expect((await run(chain(root))).status).toBe('succeeded');
    expect(existsSync(path.join(root, '.orchestra/receipts'))).toBe(false);
    // Everything is cached now; asking for receipts still writes them (Nx would cache the outputs without).
    const cached = await run(chain(root), { receipts: true });
    expect(cached.counts).toMatchObject({ cached: 2, succeeded: 0 });
    expect(readdirSync(path.join(root, '.orchestra/receipts')).sort()).toEqual(['a.json', 'b.json']);
    expect(receiptPath('a')).toBe('.orchestra/receipts/a.json');
  });

  it('a stale receipt never makes a task run again (the state holds a newer success)', async () => {
    const root = tempWorkspace();
    write(root, 'src/in.txt', 'in');
    // b writes the same bytes whatever its definition: its receipt and its new success share outputs.
    const plan = (n: number): Plan => {
      const b = countingTask('b', { out: 'out/b.txt', content: 'same' });
      const run = b.run as string[];
      return planIn(root, [{ ...b, run: [...run.slice(0, -1), `${run.at(-1)}\n// version ${n}`] }]);
    };
    expect((await run(plan(1), { receipts: true })).status).toBe('succeeded');
    expect((await run(plan(2))).counts.succeeded).toBe(1);
    expect((await run(plan(2))).counts).toMatchObject({ cached: 1, succeeded: 0 });
    expect((await run(plan(2))).counts).toMatchObject({ cached: 1, succeeded: 0 });
    expect(runs(root)).toEqual({ b: 2 });
  });

  it('restored with their outputs, make a plain run elsewhere skip those tasks', async () => {
    const root = tempWorkspace();
    write(root, 'src/in.txt', 'in');
    expect((await run(chain(root), { receipts: true })).status).toBe('succeeded');

    const elsewhere = restoreElsewhere(root, ['out/a.txt', 'out/b.txt', receiptPath('a'), receiptPath('b')]);
    expect(await statusWord(chain(elsewhere), 'b')).toBe('cached');
    const result = await run(chain(elsewhere));
    expect(result.counts).toMatchObject({ cached: 2, succeeded: 0 });
    expect(runs(elsewhere)).toEqual({});
    // Adopted into the state: the next run needs no receipt.
    const { state } = readState(statePaths(elsewhere), { name: 'test', file: '' });
    expect(state.tasks['a']?.success?.outputs).toEqual({ 'out/a.txt': expect.any(String) });
  });

  it('never make a skip wrong: outputs that differ, or a changed task, still run', async () => {
    const root = tempWorkspace();
    write(root, 'src/in.txt', 'in');
    expect((await run(chain(root), { receipts: true })).status).toBe('succeeded');

    // a's output is not the one its receipt records: a runs again. It writes the bytes b was built on,
    // so b stays cached (early cutoff).
    const tampered = restoreElsewhere(root, ['out/a.txt', 'out/b.txt', receiptPath('a'), receiptPath('b')]);
    write(tampered, 'out/a.txt', 'not what a wrote');
    expect(await statusWord(chain(tampered), 'a')).not.toBe('cached');
    await run(chain(tampered));
    expect(runs(tampered)).toEqual({ a: 1 });

    // b's definition changed: its receipt is adopted (its outputs are on disk) but its fingerprint differs.
    const edited = restoreElsewhere(root, ['out/a.txt', 'out/b.txt', receiptPath('a'), receiptPath('b')]);
    await run(chain(edited, 'B'));
    expect(runs(edited)).toEqual({ b: 1 });

    // Only a receipt, no outputs: nothing adopted, both run.
    const bare = restoreElsewhere(root, [receiptPath('a'), receiptPath('b')]);
    await run(chain(bare));
    expect(runs(bare)).toEqual({ a: 1, b: 1 });
  });
});
