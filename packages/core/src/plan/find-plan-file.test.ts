import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPlanFile } from './find-plan-file.ts';
import { loadPlan } from './load-plan.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-find-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PLAN = 'version: 1\ntasks:\n  a: {prompt: x}\n';

describe('findPlanFile', () => {
  it('finds orchestra.config.yaml in the working folder', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN);
    expect(await findPlanFile({ cwd: dir, stopDir: dir })).toEqual({ ok: true, file: path.join(dir, 'orchestra.config.yaml') });
  });

  it('searches upwards, and prefers .yaml over .yml over .json in one folder', async () => {
    const deep = path.join(dir, 'a', 'b');
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(dir, 'orchestra.config.json'), '{}');
    await writeFile(path.join(dir, 'orchestra.config.yml'), PLAN);
    expect(await findPlanFile({ cwd: deep, stopDir: dir })).toEqual({ ok: true, file: path.join(dir, 'orchestra.config.yml') });
  });

  it('finds an empty file too, so the loader can say it is empty', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), '');
    const result = await loadPlan({ cwd: dir, stopDir: dir });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['empty-plan']);
  });

  it('takes --config as a file or as a folder, relative to cwd', async () => {
    await mkdir(path.join(dir, 'plans'));
    await writeFile(path.join(dir, 'plans', 'release.yaml'), PLAN);
    await writeFile(path.join(dir, 'plans', 'orchestra.config.json'), '{"version": 1, "tasks": {"a": {"prompt": "x"}}}');
    expect(await findPlanFile({ cwd: dir, configPath: 'plans/release.yaml' })).toEqual({ ok: true, file: path.join(dir, 'plans', 'release.yaml') });
    expect(await findPlanFile({ cwd: dir, configPath: 'plans' })).toEqual({ ok: true, file: path.join(dir, 'plans', 'orchestra.config.json') });
  });

  it('never executes a .js config: it only locates files', async () => {
    await writeFile(path.join(dir, 'plan.js'), 'throw new Error("executed")');
    const result = await loadPlan({ cwd: dir, configPath: 'plan.js' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.code).not.toBe('config-not-found');
  });

  it('config-not-found: says where it looked and how to fix it', async () => {
    const result = await findPlanFile({ cwd: dir, stopDir: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostic.code).toBe('config-not-found');
    expect(result.diagnostic.message).toContain(dir);
    expect(result.diagnostic.hint).toMatch(/--config PATH/);
  });

  it('config-not-found: a --config path that does not exist', async () => {
    const result = await loadPlan({ cwd: dir, configPath: 'nope.yaml' });
    expect(result).toMatchObject({ ok: false, diagnostics: [{ code: 'config-not-found' }] });
    expect(result.diagnostics[0]?.message).toContain(path.join(dir, 'nope.yaml'));
  });
});

describe('loadPlan', () => {
  it('reads, parses and resolves the plan with its folder as root', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), PLAN);
    const result = await loadPlan({ cwd: dir, stopDir: dir });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.plan).toMatchObject({ root: dir, name: path.basename(dir), taskIds: ['a'] });
  });

  it('reports non-UTF-8 bytes read from disk', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), Buffer.from('version: 1\n# caf\xe9\n', 'latin1'));
    const result = await loadPlan({ cwd: dir, stopDir: dir });
    expect(result).toMatchObject({ ok: false, file: path.join(dir, 'orchestra.config.yaml'), diagnostics: [{ code: 'not-utf8', pos: { line: 2, col: 6 } }] });
  });
});
