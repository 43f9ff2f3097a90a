import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodes } from './create-nodes.ts';

let root = '';
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function workspace(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'orchestra-nx-nodes-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return root;
}

describe('createNodes', () => {
  it('matches plan files and gives one project per plan, never throwing for a broken or missing one', async () => {
    const ws = await workspace({
      'orchestra.config.yaml': 'version: 1\nname: x\ntasks: {}\n',
      'a/orchestra.config.yaml': 'version: 1\nname: same\ntasks: {}\n',
      'b/orchestra.config.yaml': 'version: 1\nname: same\ntasks: {}\n',
      'broken/orchestra.config.yaml': 'tasks: [\n  :::',
    });
    const [glob, create] = createNodes;
    expect(glob).toBe('**/orchestra.config.{yaml,yml}');
    const files = ['orchestra.config.yaml', 'b/orchestra.config.yaml', 'a/orchestra.config.yaml', 'broken/orchestra.config.yaml', 'gone/orchestra.config.yaml'];
    const results = await create(files, undefined, { workspaceRoot: ws, nxJsonConfiguration: {} });
    const names = Object.fromEntries(results.map(([file, result]) => [file, Object.values(result.projects ?? {})[0]?.name]));
    expect(names).toEqual({
      'orchestra.config.yaml': 'orchestra',
      'a/orchestra.config.yaml': 'same',
      'b/orchestra.config.yaml': 'same--b',
      'broken/orchestra.config.yaml': 'broken',
      'gone/orchestra.config.yaml': 'gone',
    });
  });
});
