import { describe, expect, it } from 'vitest';
import { claudeVersionCommand, inferProject } from './infer-project.ts';
import { summarizePlan } from './plan-summary.ts';

const PLAN = `
version: 1
name: recipes
tasks:
  html: { prompt: p, outputs: [web/index.html] }
  logic: { agent: command, run: [x], dependsOn: [html, ghost], inputs: [web/index.html, web/*.json, "!web/*.tmp"], outputs: [web/script.js, ../escape.js] }
`;

describe('inferProject', () => {
  it('names the root project orchestra whatever the plan says, others by the plan name or folder', () => {
    expect(inferProject('orchestra.config.yaml', summarizePlan(PLAN)).name).toBe('orchestra');
    expect(inferProject('apps/a/orchestra.config.yaml', summarizePlan(PLAN)).name).toBe('recipes');
    expect(inferProject('apps/a/orchestra.config.yaml', summarizePlan('tasks: [')).name).toBe('a');
  });

  it('gives the five plan targets, with descriptions, grouped, pointing at the plan file', () => {
    const project = inferProject('apps/a/orchestra.config.yml', summarizePlan(PLAN));
    expect(project.root).toBe('apps/a');
    expect(Object.keys(project.targets ?? {})).toEqual(['execute', 'plan', 'status', 'graph', 'validate']);
    for (const target of Object.values(project.targets ?? {})) {
      expect(target.metadata?.description).toMatch(/\w/);
      expect(target.options.config).toBe('{projectRoot}/orchestra.config.yml');
    }
    expect(project.targets?.['graph']?.options.command).toBe('graph');
    expect(project.metadata?.targetGroups).toEqual({ orchestra: ['execute', 'plan', 'status', 'graph', 'validate'] });
    expect(project.targets?.['execute']?.configurations).toBeUndefined();
  });

  it('adds the demo configuration to the root plan only', () => {
    const demo = { scenario: 's.json', fakeApi: 'f.ts' };
    const root = inferProject('orchestra.config.yaml', summarizePlan(PLAN), { demo });
    expect(root.targets?.['execute']?.configurations).toEqual({
      demo: { demo: true, demoScenario: 's.json', demoFakeApi: 'f.ts' },
    });
    expect(inferProject('a/orchestra.config.yaml', summarizePlan(PLAN), { demo }).targets?.['execute']?.configurations).toBeUndefined();
  });

  it('with perTaskTargets, infers one cacheable target per task with narrowed inputs', () => {
    const project = inferProject('apps/a/orchestra.config.yaml', summarizePlan(PLAN), { perTaskTargets: true });
    const html = project.targets?.['task-html'];
    const logic = project.targets?.['task-logic'];
    expect(html).toMatchObject({
      executor: '@orchestra/nx:execute',
      options: { config: '{projectRoot}/orchestra.config.yaml', only: ['html'], noDeps: true, receipts: true },
      dependsOn: [],
      outputs: ['{projectRoot}/web/index.html', '{projectRoot}/.orchestra/receipts/html.json'],
      cache: true,
    });
    const digests = Object.fromEntries(summarizePlan(PLAN).tasks.map((t) => [t.id, t.digest]));
    expect(html?.inputs).toEqual([
      { runtime: `echo orchestra-task-${digests['html']}` },
      { runtime: claudeVersionCommand('apps/a', undefined) },
      { externalDependencies: [] },
    ]);
    expect(logic?.dependsOn).toEqual(['task-html']);
    expect(logic?.outputs).toEqual(['{projectRoot}/web/script.js', '{projectRoot}/.orchestra/receipts/logic.json']);
    expect(logic?.inputs).toEqual([
      { runtime: `echo orchestra-task-${digests['logic']}` },
      // web/index.html is html's output: hashed as a dependency output, not as a file read before the run.
      '{workspaceRoot}/apps/a/web/*.json',
      '!{workspaceRoot}/apps/a/web/*.tmp',
      { dependentTasksOutputFiles: '**/*', transitive: true },
      { externalDependencies: [] },
    ]);
    expect(project.metadata?.targetGroups?.['orchestra tasks']).toEqual(['task-html', 'task-logic']);
  });

  it('keeps inputs no upstream task makes, drops those one does (paths, globs matching a path, paths in a glob)', () => {
    const plan = `version: 1
tasks:
  gen: { agent: command, run: [x], outputs: [gen/a.txt, "dist/**"] }
  use: { agent: command, run: [x], dependsOn: [gen], inputs: [gen/*.txt, dist/x.js, "dist/**", "src/**", own.txt], outputs: [o] }
`;
    const project = inferProject('orchestra.config.yaml', summarizePlan(plan), { perTaskTargets: true });
    const files = project.targets?.['task-use']?.inputs?.filter((i): i is string => typeof i === 'string');
    // "dist/**" in both: equal globs. gen/*.txt matches gen/a.txt; dist/x.js is inside dist/**.
    expect(files).toEqual(['{workspaceRoot}/src/**', '{workspaceRoot}/own.txt']);
  });

  it('takes on the digests and inputs of dependencies without outputs (Nx would not see them change)', () => {
    const plan = `version: 1
defaults: { agent: command }
tasks:
  setup: { run: [a], inputs: [setup.cfg] }
  prepare: { run: [b], dependsOn: [setup], inputs: [prep.cfg] }
  gen: { run: [c], dependsOn: [prepare], outputs: [gen.txt] }
  use: { run: [d], dependsOn: [gen, prepare], outputs: [use.txt] }
`;
    const summary = summarizePlan(plan);
    const digest = Object.fromEntries(summary.tasks.map((t) => [t.id, t.digest]));
    const project = inferProject('orchestra.config.yaml', summary, { perTaskTargets: true });
    expect(project.targets?.['task-use']?.inputs?.slice(0, 3)).toEqual([
      { runtime: `echo orchestra-task-${digest['use']} ${digest['prepare']} ${digest['setup']}` },
      '{workspaceRoot}/prep.cfg',
      '{workspaceRoot}/setup.cfg',
    ]);
    // gen has outputs: its changes reach use through them, not through its digest.
    expect(digest['gen']).toMatch(/\w/);
    expect(JSON.stringify(project.targets?.['task-use']?.inputs)).not.toContain(digest['gen'] ?? '?');
  });

  it('reads the root plan’s inputs from the workspace root, so files of nested projects still count', () => {
    const project = inferProject('orchestra.config.yaml', summarizePlan(PLAN), { perTaskTargets: true });
    expect(project.targets?.['task-logic']?.inputs).toContain('{workspaceRoot}/web/*.json');
    expect(project.targets?.['task-logic']?.outputs).toEqual(['{projectRoot}/web/script.js', '{projectRoot}/.orchestra/receipts/logic.json']);
  });
});

describe('claudeVersionCommand', () => {
  it('uses the plan’s claudePath under the project root, else ORCHESTRA_CLAUDE_PATH or claude', () => {
    expect(claudeVersionCommand('apps/a', 'bin/claude')).toBe('apps/a/bin/claude --version 2>/dev/null || echo claude-not-found');
    expect(claudeVersionCommand('.', '/opt/claude')).toMatch(/^\/opt\/claude --version/);
    expect(claudeVersionCommand('.', 'x; rm -rf /')).toMatch(/^"\$\{ORCHESTRA_CLAUDE_PATH:-claude\}" --version/);
  });
});
