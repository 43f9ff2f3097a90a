// The cache is never wrong about these: folders as inputs and outputs, new files matching an output
// glob, inputs that cannot be read, the order of inputs, unclean pattern spellings. Real files, the
// real engine, runs counted.
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asTaskId } from '../plan/model.ts';
import { parsePlanText } from '../plan/parse-plan-text.ts';
import { readState, statePaths } from '../state/state-store.ts';
import { commandAgent } from './agents/command.ts';
import { computeStatuses, workspaceHashes } from './compute-statuses.ts';
import { countingTask, node, planIn, resetRuns, run, runs, tempWorkspace, write } from './test-workspace.test-helper.ts';
import type { Plan } from '../plan/model.ts';

const id = asTaskId;

/** What `status` says of a task now (the same decision `run` takes). */
async function statusOf(plan: Plan, task: string) {
  const { state } = readState(statePaths(plan.root), { name: plan.name, file: plan.file });
  const agentVersions = new Map([['command', await commandAgent.version(plan)]]);
  return computeStatuses(plan, state, workspaceHashes(plan, state), { agentVersions }).get(id(task))!;
}

/** A command task that counts its runs and writes each `file: content` given. */
function writer(task: string, files: Record<string, string>, extra: Parameters<typeof countingTask>[1] = {}) {
  const script = [
    `const fs = require('node:fs'); const path = require('node:path');`,
    `fs.appendFileSync('runs.log', ${JSON.stringify(`${task}\n`)});`,
    ...Object.entries(files).map(
      ([file, content]) => `fs.mkdirSync(path.dirname(${JSON.stringify(file)}), { recursive: true }); fs.writeFileSync(${JSON.stringify(file)}, ${JSON.stringify(content)});`,
    ),
  ].join('\n');
  return countingTask(task, { run: [node, '-e', script], ...extra });
}

describe('cache: folders', () => {
  it('a folder as an input means every file in it: an edit or a new file reruns the task', async () => {
    const root = tempWorkspace();
    write(root, 'src/f.txt', 'one');
    const plan = planIn(root, [writer('t', { 'out.txt': 'x' }, { inputs: ['src'], outputs: ['out.txt'] })]);
    await run(plan);
    expect(await statusOf(plan, 't')).toMatchObject({ kind: 'cached', parts: { inputs: { 'src/f.txt': expect.any(String) } } });
    write(root, 'src/f.txt', 'two');
    expect(await statusOf(plan, 't')).toMatchObject({ kind: 'stale', reasons: ['input src/f.txt changed'] });
    await run(plan);
    write(root, 'src/deep/g.txt', 'new');
    expect(await statusOf(plan, 't')).toMatchObject({ kind: 'stale', reasons: ['input src/deep/g.txt added'] });
    await run(plan);
    expect(runs(root)).toEqual({ t: 3 });
    await run(plan);
    expect(runs(root)).toEqual({ t: 3 });
  });

  it('a folder as an output is written when it holds files, and a change inside it reruns the task', async () => {
    const root = tempWorkspace();
    const plan = planIn(root, [writer('t', { 'dist/a.txt': 'A', 'dist/sub/b.txt': 'B' }, { outputs: ['dist'] })]);
    const first = await run(plan);
    expect(first.status).toBe('succeeded');
    expect(Object.keys((first.events.find((e) => e.type === 'task-succeeded') as { outputs: object }).outputs)).toEqual(['dist/a.txt', 'dist/sub/b.txt']);
    expect((await run(plan)).counts.cached).toBe(1);
    rmSync(path.join(root, 'dist/sub/b.txt'));
    expect(await statusOf(plan, 't')).toMatchObject({ kind: 'stale', reasons: ['output dist/sub/b.txt deleted'] });
    await run(plan);
    expect(runs(root)).toEqual({ t: 2 });
  });
});

describe('cache: output globs', () => {
  it('a new file matching a dependency output glob reruns it, and its dependents when its outputs changed', async () => {
    const root = tempWorkspace();
    const plan = planIn(root, [
      writer('og', { 'gen/1.txt': 'one' }, { outputs: ['gen/*.txt'] }),
      countingTask('use', { out: 'use.txt', dependsOn: ['og'], from: 'gen/1.txt' }),
    ]);
    await run(plan);
    resetRuns(root);
    write(root, 'gen/2.txt', 'extra');
    expect(await statusOf(plan, 'og')).toMatchObject({ kind: 'stale', reasons: ['output gen/2.txt added'] });
    await run(plan);
    expect(runs(root)).toEqual({ og: 1, use: 1 });
    resetRuns(root);
    await run(plan);
    expect(runs(root)).toEqual({});
  });
});

describe('cache: inputs that cannot be read', () => {
  it('an input that exists but cannot be read keeps its task stale, with the reason', async () => {
    const root = tempWorkspace();
    symlinkSync('loop.txt', path.join(root, 'loop.txt')); // ELOOP: unreadable even for root
    const plan = planIn(root, [writer('t', { 'out.txt': 'x' }, { inputs: ['loop.txt'], outputs: ['out.txt'] })]);
    expect(await statusOf(plan, 't')).toMatchObject({ kind: 'never-run', reasons: ['no success recorded', expect.stringContaining('input loop.txt could not be read')] });
    await run(plan);
    expect(await statusOf(plan, 't')).toMatchObject({ kind: 'stale', reasons: [expect.stringMatching(/^input loop\.txt could not be read \(ELOOP/)] });
    await run(plan);
    expect(runs(root)).toEqual({ t: 2 });
  });

  it('--no-deps refuses a dependency whose output cannot be read, and says so', async () => {
    const root = tempWorkspace();
    symlinkSync('o.txt', path.join(root, 'o.txt'));
    const plan = planIn(root, [writer('dep', {}, { outputs: ['o.txt'] }), countingTask('use', { out: 'u.txt', dependsOn: ['dep'] })]);
    await expect(run(plan, { only: [id('use')], noDeps: true })).rejects.toThrow(/o\.txt could not be read: ELOOP/);
  });
});

describe('cache: pattern spelling', () => {
  it('reordering or repeating inputs and outputs changes nothing', async () => {
    const root = tempWorkspace();
    write(root, 'a.txt', 'a');
    write(root, 'b.txt', 'b');
    const sketch = (inputs: string[], outputs: string[]) => planIn(root, [writer('t', { 'x.txt': 'x', 'y.txt': 'y' }, { inputs, outputs })]);
    await run(sketch(['a.txt', 'b.txt'], ['x.txt', 'y.txt']));
    const again = await run(sketch(['b.txt', 'a.txt', 'a.txt'], ['y.txt', 'x.txt']));
    expect(again.counts.cached).toBe(1);
    expect(runs(root)).toEqual({ t: 1 });
  });

  it('an unclean output glob (gen2//*.txt) is normalised with the plan and found written', async () => {
    const root = tempWorkspace();
    const script = "require('node:fs').mkdirSync('gen2', { recursive: true }); require('node:fs').writeFileSync('gen2/a.txt', 'a')";
    const text = JSON.stringify({ version: 1, tasks: { g: { agent: 'command', run: [node, '-e', script], outputs: ['./gen2//*.txt', 'gen2/'] } } });
    writeFileSync(path.join(root, 'orchestra.config.yaml'), text);
    const loaded = parsePlanText(text, path.join(root, 'orchestra.config.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    expect(loaded.plan.tasks.get(id('g'))?.outputs).toEqual(['gen2/*.txt', 'gen2']);
    const result = await run(loaded.plan);
    expect(result.tasks.get(id('g'))).toMatchObject({ status: 'succeeded' });
    expect((await run(loaded.plan)).counts.cached).toBe(1);
  });
});
