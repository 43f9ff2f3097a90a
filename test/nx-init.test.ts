// `nx g @orchestra/nx:init` in an empty Nx workspace: registers the plugin, writes a starter plan with the
// $schema line, and changes nothing the second time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace, type Workspace } from './nx-support/nx-workspace.ts';

const workspaces: Workspace[] = [];
afterAll(() => workspaces.forEach((w) => w.remove()));

const EMPTY_NX_JSON = '{ "analytics": false, "neverConnectToCloud": true, "useDaemonProcess": false }\n';

describe('nx g @orchestra/nx:init', () => {
  it('sets up an empty workspace once, then changes nothing', async () => {
    const ws = createWorkspace({ 'nx.json': EMPTY_NX_JSON, '.gitignore': 'node_modules' });
    workspaces.push(ws);

    const first = await ws.nx(['g', '@orchestra/nx:init']);
    expect(first.code, first.output).toBe(0);
    const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8')) as { plugins: unknown[] };
    expect(nxJson.plugins).toEqual(['@orchestra/nx']);
    const plan = readFileSync(join(ws.root, 'orchestra.config.yaml'), 'utf8');
    expect(plan.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/@orchestra/core/orchestra.schema.json');
    expect(readFileSync(join(ws.root, '.gitignore'), 'utf8')).toBe('node_modules\n# orchestra: run state and logs\n.orchestra\n');

    const files = ['nx.json', 'orchestra.config.yaml', '.gitignore'].map((f) => readFileSync(join(ws.root, f), 'utf8'));
    const second = await ws.nx(['g', '@orchestra/nx:init']);
    expect(second.code, second.output).toBe(0);
    expect(second.output).not.toMatch(/CREATE|UPDATE/);
    expect(['nx.json', 'orchestra.config.yaml', '.gitignore'].map((f) => readFileSync(join(ws.root, f), 'utf8'))).toEqual(files);

    const project = await ws.nx(['show', 'project', 'orchestra', '--json']);
    expect(project.code, project.output).toBe(0);
    expect(Object.keys((JSON.parse(project.stdout) as { targets: object }).targets)).toEqual(
      expect.arrayContaining(['execute', 'plan', 'status', 'graph', 'validate']),
    );
    // The starter plan is a valid plan.
    const validate = await ws.nx(['run', 'orchestra:validate']);
    expect(validate.code, validate.output).toBe(0);
  });

  it('writes the plan in a sub-folder with a $schema path that still reaches node_modules, and per-task targets', async () => {
    const ws = createWorkspace({ 'nx.json': EMPTY_NX_JSON });
    workspaces.push(ws);
    const result = await ws.nx(['g', '@orchestra/nx:init', '--directory=plans/site', '--perTaskTargets']);
    expect(result.code, result.output).toBe(0);
    const plan = readFileSync(join(ws.root, 'plans/site/orchestra.config.yaml'), 'utf8');
    expect(plan).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/@orchestra\/core\/orchestra\.schema\.json\n/);
    const project = await ws.nx(['show', 'project', 'hello-orchestra', '--json']);
    expect(project.code, project.output).toBe(0);
    expect(Object.keys((JSON.parse(project.stdout) as { targets: object }).targets)).toEqual(
      expect.arrayContaining(['task-readme', 'task-check']),
    );
  });
});
