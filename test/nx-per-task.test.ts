// One cacheable Nx target per task: Nx's local cache restores a deleted output without running the task,
// and a self-hosted remote cache on 127.0.0.1 carries every output to a fresh copy of the workspace, where
// `nx run <p>:task-<last>` restores them all without running any task.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { counter, countingPlan } from './nx-support/counting-plan.ts';
import { CLAUDE_PLAN, fakeClaude } from './nx-support/fake-claude.ts';
import { createWorkspace, nxJson, type Workspace } from './nx-support/nx-workspace.ts';
import { startRemoteCacheServer, type RemoteCacheServer } from './nx-support/remote-cache-server.ts';

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function perTaskWorkspace(): Workspace {
  const ws = createWorkspace({ 'nx.json': nxJson({ perTaskTargets: true }), 'orchestra.config.yaml': countingPlan('chain') });
  cleanup.push(() => ws.remove());
  return ws;
}

const read = (ws: Workspace, file: string) => readFileSync(join(ws.root, file), 'utf8');

describe('per-task targets', () => {
  it('run a task after its dependencies, then restore a deleted output from Nx’s local cache', async () => {
    const ws = perTaskWorkspace();
    const runs = counter();
    const env = { E2E_COUNTER: runs.file };

    // a and d start together: the two executors take turns at the plan instead of failing on its lock.
    const first = await ws.nx(['run-many', '-t', 'task-c', 'task-d', '--parallel=4'], env);
    expect(first.code, first.output).toBe(0);
    expect(runs.runs().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(read(ws, 'out/c.txt')).toBe('abc');

    rmSync(join(ws.root, 'out/b.txt'));
    const second = await ws.nx(['run', 'orchestra:task-c'], env);
    expect(second.code, second.output).toBe(0);
    expect(runs.runs()).toHaveLength(4);
    expect(read(ws, 'out/b.txt')).toBe('ab');
    expect(second.output).toMatch(/3 out of 3 tasks/);

    // The engine agrees: its state still says every task is done and its outputs match.
    const status = await ws.nx(['run', 'orchestra:execute'], env);
    expect(status.code, status.output).toBe(0);
    expect(runs.runs()).toHaveLength(4);
  });

  it('re-run only the edited task and what depends on its outputs', async () => {
    const ws = perTaskWorkspace();
    const runs = counter();
    const env = { E2E_COUNTER: runs.file };
    expect((await ws.nx(['run', 'orchestra:task-c'], env)).code).toBe(0);

    // A new command for c changes c's part of the plan only.
    const plan = countingPlan('chain');
    expect(plan).toContain(`+ 'c')`);
    ws.write('orchestra.config.yaml', plan.replace(`+ 'c')`, `+ 'C')`));
    const edited = await ws.nx(['run', 'orchestra:task-c'], env);
    expect(edited.code, edited.output).toBe(0);
    expect(runs.runs()).toEqual(['a', 'b', 'c', 'c']);
    expect(read(ws, 'out/c.txt')).toBe('abC');
    expect(edited.output).toMatch(/2 out of 3 tasks/);
  });

  it('run a claude task again when the Claude Code version changes, and only then', async () => {
    const ws = createWorkspace({ 'nx.json': nxJson({ perTaskTargets: true }), 'orchestra.config.yaml': CLAUDE_PLAN });
    cleanup.push(() => ws.remove());
    const v1 = fakeClaude(['notes.md'], '1.0.0');
    expect((await ws.nx(['run', 'orchestra:task-count'], v1.env)).code).toBe(0);
    expect((await ws.nx(['run', 'orchestra:task-count'], v1.env)).code).toBe(0);
    expect(v1.invocations()).toBe(1);
    const v2 = fakeClaude(['notes.md'], '1.0.1');
    const upgraded = await ws.nx(['run', 'orchestra:task-notes'], v2.env);
    expect(upgraded.code, upgraded.output).toBe(0);
    expect(v2.invocations()).toBe(1);
  });

  describe('with a self-hosted remote cache', () => {
    let server: RemoteCacheServer;
    let remote: Record<string, string>;
    beforeEach(async () => {
      server = await startRemoteCacheServer('secret-token');
      cleanup.push(() => server.close());
      remote = { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'secret-token' };
    });

    it('carry every output to a fresh copy of the workspace, where no task runs', async () => {
      const ws = perTaskWorkspace();
      const runs = counter();

      const first = await ws.nx(['run', 'orchestra:task-c'], { ...remote, E2E_COUNTER: runs.file });
      expect(first.code, first.output).toBe(0);
      expect(runs.runs()).toEqual(['a', 'b', 'c']);
      expect(server.stats.puts).toBe(3);

      // Another machine: same files, no outputs, no .nx cache, no .orchestra state.
      const fresh = ws.copy(['out']);
      cleanup.push(() => fresh.remove());
      expect(existsSync(join(fresh.root, 'out'))).toBe(false);
      const elsewhere = counter();
      const second = await fresh.nx(['run', 'orchestra:task-c'], { ...remote, E2E_COUNTER: elsewhere.file });
      expect(second.code, second.output).toBe(0);
      expect(elsewhere.runs()).toEqual([]);
      expect(second.output).toMatch(/remote cache/);
      expect(server.stats.hits).toBeGreaterThanOrEqual(3);
      expect(['a', 'b', 'c'].map((id) => read(fresh, `out/${id}.txt`))).toEqual(['a', 'ab', 'abc']);
      expect(server.stats.unauthorized).toBe(0);

      // The receipts came back with the outputs: the whole plan, run by the engine alone, runs only d
      // (which no target ran); a, b and c are cached there though their state was never there.
      const plain = await fresh.nx(['run', 'orchestra:execute'], { E2E_COUNTER: elsewhere.file });
      expect(plain.code, plain.output).toBe(0);
      expect(elsewhere.runs()).toEqual(['d']);
      for (const id of ['a', 'b', 'c']) expect(plain.output).toContain(`◆ ${id} cached`);
    });

    it('run only the changed task elsewhere, on its dependencies’ restored outputs (no state needed)', async () => {
      const ws = perTaskWorkspace();
      const runs = counter();
      expect((await ws.nx(['run', 'orchestra:task-c'], { ...remote, E2E_COUNTER: runs.file })).code).toBe(0);

      // Another machine with c changed: a and b come from the remote cache, c runs on them, alone.
      const fresh = ws.copy(['out']);
      cleanup.push(() => fresh.remove());
      fresh.write('orchestra.config.yaml', countingPlan('chain').replace(`+ 'c')`, `+ 'C')`));
      const elsewhere = counter();
      const result = await fresh.nx(['run', 'orchestra:task-c'], { ...remote, E2E_COUNTER: elsewhere.file });
      expect(result.code, result.output).toBe(0);
      expect(elsewhere.runs()).toEqual(['c']);
      expect(read(fresh, 'out/c.txt')).toBe('abC');

      // The engine's state there is true: c succeeded on b's output as restored; a and b never ran there
      // (their receipts, restored with their outputs, vouch for them when a run reaches them).
      const state = JSON.parse(read(fresh, '.orchestra/state.json')) as {
        tasks: Record<string, { status: string; success?: { parts: { dependencies: Record<string, unknown> } } }>;
      };
      expect(state.tasks['c']?.status).toBe('succeeded');
      expect(Object.keys(state.tasks['c']?.success?.parts.dependencies ?? {})).toEqual(['b']);
      expect(state.tasks['a']?.success).toBeUndefined();
      expect(state.tasks['b']?.success).toBeUndefined();
      expect(existsSync(join(fresh.root, '.orchestra/receipts/b.json'))).toBe(true);
    });
  });
});
