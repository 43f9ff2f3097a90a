// End to end: after one recorded run, editing one task's input makes `orchestra plan` forecast
// exactly that task and its descendants, with their recorded durations and costs summed. Claude
// tasks run on the fake `claude` (test/fixtures/fake-claude) so they report real costs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, orchestra, REPO, tempWorkspace } from './report-support/cli.ts';

const PLAN = `version: 1
name: forecast
concurrency: 2
defaults:
  agent: claude
  retries: 0
tasks:
  spec:
    prompt: Write the spec from brief.txt.
    inputs: [brief.txt]
  code:
    prompt: Implement the spec.
    dependsOn: [spec]
  test:
    agent: command
    run: [node, -e, "setTimeout(() => {}, 150)"]
    dependsOn: [code]
  docs:
    prompt: Write the docs.
  publish:
    agent: command
    run: [node, -e, "0"]
    dependsOn: [docs]
`;

interface Event {
  type: string;
  id?: string;
  durationMs?: number;
  costUsd?: number;
}

let dir: string;
let cleanup: () => Promise<void>;
let fakeState: string;
let env: Record<string, string>;
const recorded = new Map<string, { durationMs: number; costUsd: number }>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempWorkspace({ 'orchestra.config.yaml': PLAN, 'brief.txt': 'a converter\n' }));
  fakeState = await mkdtemp(path.join(os.tmpdir(), 'orchestra-fake-claude-'));
  env = cleanEnv({
    ORCHESTRA_CLAUDE_PATH: path.join(REPO, 'test/fixtures/fake-claude/claude'),
    ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key',
    FAKE_CLAUDE_STATE_DIR: fakeState,
    FAKE_CLAUDE_COST: '0.0125',
    FAKE_CLAUDE_DELAY_MS: '100',
  });
  const run = await orchestra(['run', '--json'], { cwd: dir, env });
  expect(run.code, run.stderr).toBe(0);
  for (const line of run.stdout.trimEnd().split('\n')) {
    const event = JSON.parse(line) as Event;
    if (event.type === 'task-succeeded' && event.id) recorded.set(event.id, { durationMs: event.durationMs ?? 0, costUsd: event.costUsd ?? 0 });
  }
  expect([...recorded.keys()].sort()).toEqual(['code', 'docs', 'publish', 'spec', 'test']);
});

afterAll(async () => {
  await cleanup?.();
  await rm(fakeState, { recursive: true, force: true });
});

interface ForecastJson {
  toRun: string[];
  cached: string[];
  tasks: Record<string, { run: boolean; reason: string; durationMs: number | null; costUsd: number | null }>;
  costUsd: { known: number; unknownFor: string[] };
  workMs: { known: number; unknownFor: string[] };
  makespan: { durationMs: number; lowerBound: boolean; concurrency: number };
  criticalPath: { ids: string[]; durationMs: number };
}

describe('the forecast in orchestra plan', () => {
  it('right after a run: nothing to run, nothing to pay', async () => {
    const result = await orchestra(['plan'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Nothing to run: all 5 tasks are cached. Expected cost: $0.');
  });

  it('after an input changes: exactly that task and its descendants, with recorded time and cost summed', async () => {
    await writeFile(path.join(dir, 'brief.txt'), 'a converter, with metric units\n');
    const result = await orchestra(['plan', '--json'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const forecast = (JSON.parse(result.stdout) as { forecast: ForecastJson }).forecast;
    expect(forecast.toRun).toEqual(['spec', 'code', 'test']);
    expect([...forecast.cached].sort()).toEqual(['docs', 'publish']);
    expect(forecast.tasks.spec?.reason).toContain('brief.txt');
    expect(forecast.tasks.code?.reason).toContain('dependency spec will run');
    const work = ['spec', 'code', 'test'].map((id) => recorded.get(id)!);
    expect(forecast.workMs).toEqual({ known: work.reduce((s, t) => s + t.durationMs, 0), unknownFor: [] });
    expect(forecast.costUsd.unknownFor).toEqual([]);
    expect(forecast.costUsd.known).toBeCloseTo(work.reduce((s, t) => s + t.costUsd, 0), 10);
    expect(forecast.costUsd.known).toBeGreaterThan(0);
    // A chain: the makespan is the whole chain, whatever the concurrency.
    expect(forecast.criticalPath.ids).toEqual(['spec', 'code', 'test']);
    expect(forecast.makespan).toEqual({ durationMs: forecast.workMs.known, lowerBound: false, concurrency: 2 });

    const text = await orchestra(['plan'], { cwd: dir, env });
    expect(text.stdout).toContain('Would run 3 tasks: spec, code, test; 2 cached.');
    expect(text.stdout).toMatch(/Expected cost: \$0\.0\d{3}\n/);
    expect(text.stdout).toMatch(/Critical path: spec . code . test \(/);
  });

  it('shows a task without history as unknown, never as zero', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), `${PLAN}  extra:\n    prompt: Something new.\n`);
    const result = await orchestra(['plan', '--json'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const forecast = (JSON.parse(result.stdout) as { forecast: ForecastJson }).forecast;
    expect(forecast.tasks.extra).toEqual({ run: true, reason: expect.any(String), durationMs: null, costUsd: null });
    expect(forecast.costUsd.unknownFor).toEqual(['extra']);
    expect(forecast.makespan.lowerBound).toBe(true);
    const text = await orchestra(['run', '--dry-run'], { cwd: dir, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/extra +run +unknown +unknown +\S/);
    expect(text.stdout).toMatch(/Expected cost: \$0\.0\d{3} \+ unknown for 1 task without history: extra/);
  });
});
