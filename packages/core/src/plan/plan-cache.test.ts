import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definitionHashes } from '../fingerprint/fingerprint.ts';
import { loadPlan } from './load-plan.ts';
import { loadPlanCached, PLAN_CACHE_FILE } from './plan-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-plan-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PLAN = [
  'version: 1',
  'name: cached',
  'defaults: {agent: command, retries: 1}',
  'tasks:',
  '  a: {run: [echo, a], outputs: [out/a.txt], inputs: ["src/**/*.ts"]}',
  '  b: {run: "echo b", dependsOn: [a], lock: db, timeout: 5s}',
  '  c: {agent: claude, prompt: "write c", dependsOn: [a, b], model: sonnet}',
  '',
].join('\n');

const cacheFile = () => path.join(dir, '.orchestra', PLAN_CACHE_FILE);

describe('loadPlanCached', () => {
  it('writes the cache on a clean load, and a hit gives the same plan and definition digests', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN);
    const fresh = await loadPlan({ cwd: dir });
    const first = await loadPlanCached({ cwd: dir });
    expect(existsSync(cacheFile())).toBe(true);
    const hit = await loadPlanCached({ cwd: dir });
    expect(fresh.ok && first.ok && hit.ok).toBe(true);
    if (!fresh.ok || !hit.ok) return;
    expect(hit.diagnostics).toEqual([]);
    expect(hit.plan).toEqual(fresh.plan);
    expect([...hit.plan.tasks.keys()]).toEqual([...fresh.plan.tasks.keys()]);
    for (const id of fresh.plan.taskIds) expect(definitionHashes(hit.plan.tasks.get(id)!)).toEqual(definitionHashes(fresh.plan.tasks.get(id)!));
  });

  it('keeps the warnings of a valid plan with it and says them again on every hit', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN.replace('run: [echo, a]', 'run: [echo, a], model: opus'));
    const first = await loadPlanCached({ cwd: dir });
    expect(existsSync(cacheFile())).toBe(true);
    const hit = await loadPlanCached({ cwd: dir });
    expect(JSON.parse(readFileSync(cacheFile(), 'utf8')).warnings).toHaveLength(1);
    expect(first.ok && hit.ok).toBe(true);
    const said = (r: typeof hit) => r.diagnostics.map((d) => [d.code, d.severity, d.pos?.line, d.pos?.col, d.message]);
    expect(said(hit)).toEqual(said(first));
    expect(said(hit)).toEqual([['ignored-key', 'warning', 5, 23, '"model" does nothing on command task "a"']]);
  });

  it('any byte change of the plan file means a full load', async () => {
    const file = path.join(dir, 'orchestra.config.yaml');
    await writeFile(file, PLAN);
    await loadPlanCached({ cwd: dir });
    writeFileSync(file, PLAN.replace('echo b', 'echo B'));
    const changed = await loadPlanCached({ cwd: dir });
    expect(changed.ok && changed.plan.tasks.get('b' as never)?.run).toBe('echo B');
    // A plan made invalid is reported, not served from the cache.
    writeFileSync(file, PLAN.replace('dependsOn: [a]', 'dependsOn: [nope]'));
    const invalid = await loadPlanCached({ cwd: dir });
    expect(invalid.ok).toBe(false);
  });

  it('a different set of known agents is a different key', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN.replace('agent: claude', 'agent: custom'));
    expect((await loadPlanCached({ cwd: dir, knownAgents: ['claude', 'command', 'custom'] })).ok).toBe(true);
    expect((await loadPlanCached({ cwd: dir })).ok).toBe(false);
  });

  it("write: 'soon' writes the cache on a later turn, not before the caller goes on", async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN);
    const loaded = await loadPlanCached({ cwd: dir, write: 'soon' });
    expect(loaded.ok).toBe(true);
    expect(existsSync(cacheFile())).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(existsSync(cacheFile())).toBe(true);
    expect((await loadPlanCached({ cwd: dir })).ok).toBe(true);
  });

  it('ignores a corrupt cache, and writes nothing with write: false', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN);
    await loadPlanCached({ cwd: dir, write: false });
    expect(existsSync(cacheFile())).toBe(false);
    await loadPlanCached({ cwd: dir });
    writeFileSync(cacheFile(), readFileSync(cacheFile(), 'utf8').slice(0, 100));
    const again = await loadPlanCached({ cwd: dir });
    expect(again.ok && again.plan.taskIds).toEqual(['a', 'b', 'c']);
  });
});
