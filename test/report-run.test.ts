// End to end: real `orchestra run` on a plan of command tasks with every outcome (cached, retried,
// failed, skipped, succeeded): the NDJSON events, the Markdown report, GitHub's job summary and
// annotations, the graph with recorded statuses, and reset.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '@orchestra/core';
import { cleanEnv, MIXED_PLAN, orchestra, tempWorkspace, type CliResult } from './report-support/cli.ts';

interface Event {
  v: number;
  time: string;
  type: string;
  id?: string;
  attempt?: number;
  reason?: string;
  failure?: { reason: string; message: string; detail?: string };
  status?: string;
}

let dir: string;
let cleanup: () => Promise<void>;
let run: CliResult;
let events: Event[];
let stepSummary: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempWorkspace(MIXED_PLAN));
  const first = await orchestra(['run', '--only', 'setup'], { cwd: dir });
  expect(first.code, first.stderr).toBe(0);
  stepSummary = path.join(dir, 'step-summary.md');
  await writeFile(stepSummary, '# Build\n');
  run = await orchestra(['run', '--json', '--report', 'out/report.md'], {
    cwd: dir,
    env: cleanEnv({ CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary }),
  });
  events = run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Event);
});

afterAll(async () => {
  await cleanup?.();
});

const of = (type: string, id?: string) => events.filter((e) => e.type === type && (id === undefined || e.id === id));

describe('orchestra run --json', () => {
  it('prints only NDJSON events of schema version 1 on stdout, from run-started to run-finished', () => {
    expect(run.code).toBe(1);
    expect(events.length).toBeGreaterThan(8);
    for (const event of events) {
      expect(event.v).toBe(1);
      expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    }
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed' });
  });

  it('reports every outcome: cached, retried, failed, skipped, succeeded', () => {
    expect(of('task-cached', 'setup')).toHaveLength(1);
    expect(of('task-retrying', 'flaky')).toMatchObject([{ attempt: 1, failure: { reason: 'exit-non-zero' } }]);
    expect(of('task-succeeded', 'flaky')).toMatchObject([{ attempt: 2 }]);
    expect(of('task-failed', 'broken')).toMatchObject([{ attempt: 1, failure: { reason: 'exit-non-zero' } }]);
    expect(of('task-failed', 'broken')[0]?.failure?.detail).toContain('boom: the widget is missing');
    expect(of('task-skipped', 'after-broken')[0]?.reason).toContain('broken');
    expect(of('task-succeeded', 'fine')).toHaveLength(1);
    expect(of('task-started', 'fine')).toHaveLength(1);
  });

  it('puts the human view on stderr: plain lines in CI, an ::error annotation, the final table', () => {
    expect(run.stderr).not.toMatch(/\u001B\[/);
    expect(run.stderr).toMatch(/^::error file=orchestra\.config\.yaml,line=\d+,title=orchestra%3A task broken failed::node -e .*boom: the widget is missing$/m);
    expect(run.stderr).toMatch(/broken +. failed +1 /);
    expect(run.stderr).toMatch(/flaky +. succeeded +2 /);
    expect(run.stderr).toMatch(/setup +. cached +- /);
    expect(run.stderr).toMatch(/after-broken +. skipped /);
    // setup was cached (it took no time this run), so the path starts at flaky.
    expect(run.stderr).toMatch(/Critical path: flaky . fine \([\d.]+m?s\)/);
    expect(run.stderr).not.toContain('not declared');
  });
});

describe('the Markdown report', () => {
  it('--report writes the summary table with every status, totals and the critical path', async () => {
    const report = await readFile(path.join(dir, 'out/report.md'), 'utf8');
    expect(report).toContain('## orchestra: mixed failed');
    expect(report).toMatch(/\| `setup` \| ♻️ cached \| - \| - \| - \| - \| unchanged since its last success \|/);
    expect(report).toMatch(/\| `flaky` \| ✅ succeeded \| 2 \| /);
    expect(report).toMatch(/\| `broken` \| ❌ failed \| 1 \| .* \| node -e .* exited with code 3 \|/);
    expect(report).toMatch(/<details><summary>broken failed: .*<\/summary>\n\n```text\nboom: the widget is missing\n```/);
    expect(report).toMatch(/\| `after-broken` \| ⏭️ skipped \| - \| - \| .* \| .*broken.* \|/);
    expect(report).toMatch(/\*\*Wall time:\*\* \S+ for \S+ of task time/);
    expect(report).toMatch(/\*\*Critical path:\*\* `flaky` → `fine` \([\d.]+m?s\)/);
  });

  it('is appended to $GITHUB_STEP_SUMMARY under GitHub Actions', async () => {
    const report = await readFile(path.join(dir, 'out/report.md'), 'utf8');
    expect(await readFile(stepSummary, 'utf8')).toBe(`# Build\n${report}\n`);
  });
});

describe('orchestra graph', () => {
  it('prints Mermaid graph TB with each task labelled by its recorded status', async () => {
    const result = await orchestra(['graph'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('graph TB');
    const node = (id: string) => lines.find((l) => l.includes(`("${id}`)) ?? '';
    expect(node('broken')).toMatch(/^ {4}t\d+\("broken<br\/>failed/);
    expect(node('after-broken')).toMatch(/<br\/>skipped/);
    expect(node('flaky')).toMatch(/<br\/>succeeded · /);
    const key = (id: string) => /^ {4}(t\d+)/.exec(node(id))?.[1];
    expect(lines).toContain(`    ${key('broken')}-->${key('after-broken')}`);
    expect(lines).toContain(`    class ${key('broken')} failed`);
  });

  it('prints DOT with --format dot', async () => {
    const result = await orchestra(['graph', '--format', 'dot'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^digraph "mixed" \{/);
    expect(result.stdout).toContain('  "broken" -> "after-broken";');
    expect(result.stdout).toMatch(/ {2}"broken" \[label="broken\\nfailed[^"]*", fillcolor="#fee2e2"\];/);
    expect(result.stdout.trimEnd().endsWith('}')).toBe(true);
  });

  it('refuses an unknown format', async () => {
    const result = await orchestra(['graph', '--format', 'png'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format must be mermaid or dot');
  });
});

describe('orchestra reset', () => {
  it('refuses without --yes when not on a terminal, and changes nothing', async () => {
    const result = await orchestra(['reset', 'flaky'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add --yes');
    expect((await orchestra(['graph'], { cwd: dir })).stdout).toMatch(/"flaky<br\/>succeeded/);
  });

  it('names unknown tasks with a suggestion', async () => {
    const result = await orchestra(['reset', 'flakey', '--yes'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean "flaky"?');
  });

  it('refuses while a run holds the lock of the plan, with exit code 2 as every command does', async () => {
    const lock = acquireLock(path.join(dir, '.orchestra', 'lock'));
    if (!lock.ok) throw new Error(lock.message);
    try {
      const result = await orchestra(['reset', 'flaky', '--yes'], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`orchestra reset: another orchestra run (pid ${process.pid}`);
    } finally {
      lock.release();
    }
    expect((await orchestra(['graph'], { cwd: dir })).stdout).toMatch(/"flaky<br\/>succeeded/);
  });

  it('clears the named task and its descendants, nothing else; then everything', async () => {
    const result = await orchestra(['reset', 'flaky', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('cleared 2 task(s): fine, flaky');
    const graph = (await orchestra(['graph'], { cwd: dir })).stdout;
    expect(graph).toMatch(/\("flaky"\)/);
    expect(graph).toMatch(/\("fine"\)/);
    expect(graph).toMatch(/\("setup<br\/>/);
    expect(graph).toMatch(/\("broken<br\/>failed/);
    const all = await orchestra(['reset', '--yes'], { cwd: dir });
    expect(all.code, all.stderr).toBe(0);
    expect((await orchestra(['graph'], { cwd: dir })).stdout).not.toContain('<br/>');
  });
});
