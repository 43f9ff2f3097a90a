// The Nx plugin end to end, in temp workspaces with the real nx: inferred projects and targets, a plan run
// through `nx run <p>:execute`, the engine's cache on a second run, and invalid plans that fail their own
// targets without breaking the project graph.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counter, countingPlan } from './nx-support/counting-plan.ts';
import { CLAUDE_PLAN, fakeClaude } from './nx-support/fake-claude.ts';
import { createWorkspace, type Workspace } from './nx-support/nx-workspace.ts';

interface ShownProject {
  name: string;
  root: string;
  targets: Record<string, { executor?: string; metadata?: { description?: string }; options?: Record<string, unknown> }>;
  metadata?: { targetGroups?: Record<string, string[]> };
}

const runs = counter();
let ws: Workspace;

beforeAll(() => {
  ws = createWorkspace({
    'orchestra.config.yaml': countingPlan('root-plan-name-is-ignored'),
    'apps/site/orchestra.config.yaml': countingPlan('site'),
    'apps/agents/orchestra.config.yaml': CLAUDE_PLAN,
    // Unknown dependency: valid YAML, invalid plan.
    'broken/orchestra.config.yaml': 'version: 1\nname: broken\ntasks:\n  a:\n    prompt: hi\n    dependsOn: [nope]\n',
    // Not even YAML.
    'garbled/orchestra.config.yaml': 'version: 1\ntasks: [\n  :::\n',
  });
});
afterAll(() => ws?.remove());

async function showProject(name: string): Promise<ShownProject> {
  const result = await ws.nx(['show', 'project', name, '--json']);
  expect(result.code, result.output).toBe(0);
  return JSON.parse(result.stdout) as ShownProject;
}

describe('@orchestra/nx in an Nx workspace', () => {
  it('infers one project per plan, whatever state the plans are in; the root plan is `orchestra`', async () => {
    const result = await ws.nx(['show', 'projects', '--json']);
    expect(result.code, result.output).toBe(0);
    expect((JSON.parse(result.stdout) as string[]).sort()).toEqual(['agents', 'broken', 'garbled', 'orchestra', 'site']);
  });

  it('lists the inferred targets, each with a description, in their groups', async () => {
    const project = await showProject('site');
    expect(project.root).toBe('apps/site');
    for (const name of ['execute', 'plan', 'status', 'graph', 'validate']) {
      expect(project.targets[name]?.executor).toMatch(/^@orchestra\/nx:/);
      expect(project.targets[name]?.metadata?.description).toMatch(/\w{4}/);
      expect(project.targets[name]?.options?.['config']).toBe('apps/site/orchestra.config.yaml');
    }
    expect(project.metadata?.targetGroups?.['orchestra']).toEqual(['execute', 'plan', 'status', 'graph', 'validate']);
  });

  it('runs a plan with `nx run <p>:execute`; a second run is fully cached by the engine', async () => {
    const env = { E2E_COUNTER: runs.file };
    const first = await ws.nx(['run', 'site:execute'], env);
    expect(first.code, first.output).toBe(0);
    expect(runs.runs().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(readFileSync(join(ws.root, 'apps/site/out/c.txt'), 'utf8')).toBe('abc');
    expect(existsSync(join(ws.root, 'apps/site/.orchestra/state.json'))).toBe(true);
    // The engine's own lines reach Nx's output.
    expect(first.output).toMatch(/\bc\b.*(succeeded|done|✓)/i);

    const second = await ws.nx(['run', 'site:execute'], env);
    expect(second.code, second.output).toBe(0);
    expect(runs.runs()).toHaveLength(4);
    expect(second.output).toMatch(/cached/i);
  });

  it('runs claude tasks with the `claude` it is given (here the fake), through Nx', async () => {
    const claude = fakeClaude(['notes.md']);
    const first = await ws.nx(['run', 'agents:execute'], claude.env);
    expect(first.code, first.output).toBe(0);
    expect(claude.invocations()).toBe(1);
    expect(readFileSync(join(ws.root, 'apps/agents/count.txt'), 'utf8')).toMatch(/^[1-9]\d*$/);
    const second = await ws.nx(['run', 'agents:execute'], claude.env);
    expect(second.code, second.output).toBe(0);
    expect(claude.invocations()).toBe(1);
  });

  it('runs plan, status, graph and validate through Nx, options passed on', async () => {
    const result = await ws.nx(['run-many', '-t', 'plan', 'status', 'validate', '-p', 'site', '--output-style=stream']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/wave 1/); // plan
    expect(result.output).toMatch(/is valid/); // validate
    expect(result.output).toMatch(/Successfully ran targets plan, status, validate/);
    const graph = await ws.nx(['run', 'site:graph', '--format=dot']);
    expect(graph.code, graph.output).toBe(0);
    expect(graph.output).toMatch(/digraph "site"[^]*"a" -> "b"/);
  });

  it('passes executor options on as CLI flags: --only, --dry-run', async () => {
    const before = runs.runs().length;
    const dry = await ws.nx(['run', 'site:execute', '--force', '--dry-run'], { E2E_COUNTER: runs.file });
    expect(dry.code, dry.output).toBe(0);
    expect(runs.runs()).toHaveLength(before);
    const only = await ws.nx(['run', 'site:execute', '--force', '--only=d'], { E2E_COUNTER: runs.file });
    expect(only.code, only.output).toBe(0);
    expect(runs.runs().slice(before)).toEqual(['d']);

    // --no-deps takes dependencies as found on disk, and refuses when their outputs are missing.
    rmSync(join(ws.root, 'apps/site/out/a.txt'));
    const refused = await ws.nx(['run', 'site:execute', '--force', '--only=b', '--noDeps'], { E2E_COUNTER: runs.file });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/b depends on a, whose outputs are missing \(out\/a\.txt\)/);
    expect(runs.runs().slice(before)).toEqual(['d']);
  });

  it('fails an invalid plan’s targets with its diagnostics, and the rest of the graph still works', async () => {
    const execute = await ws.nx(['run', 'broken:execute']);
    expect(execute.code).not.toBe(0);
    expect(execute.output).toMatch(/broken\/orchestra\.config\.yaml:6:\d+/);
    expect(execute.output).toMatch(/nope/);
    expect(execute.output).not.toMatch(/\n\s+at .*\.ts:\d+/); // no stack trace

    const validate = await ws.nx(['run', 'garbled:validate']);
    expect(validate.code).not.toBe(0);
    expect(validate.output).toMatch(/garbled\/orchestra\.config\.yaml:\d+:\d+/);

    const plan = await ws.nx(['run', 'orchestra:validate']);
    expect(plan.code, plan.output).toBe(0);
  });
});
