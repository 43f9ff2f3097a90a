// orchestra with the REAL Claude Code CLI against the fake Anthropic API, end to end: `orchestra run`
// and `orchestra draft` as a user types them, in temp workspaces, with an environment built from
// scratch (HOME, config folder, a dummy key, non-essential traffic off).
import { readdirSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePlanText } from '@orchestra/core';
import { realClaudeEnv, tempDir } from './claude-support/real-claude.ts';
import { pidsWithArg, runOrchestra, startOrchestra } from './claude-support/run-orchestra.ts';
import { startFakeApi, type FakeApi } from './fixtures/fake-api/start-fake-api.ts';
import type { FakeRule, FakeScenario } from './fixtures/fake-api/scenario.ts';

let api: FakeApi | undefined;
const orphans: string[] = [];
afterEach(async () => {
  for (const sessionId of orphans.splice(0)) for (const pid of pidsWithArg(sessionId)) process.kill(pid, 'SIGKILL');
  await api?.close();
  api = undefined;
});

interface StateTask {
  status: string;
  costUsd: number;
  attempts: Array<{ number: number; outcome: string; sessionId?: string; costUsd?: number; sessionCostUsd?: number; failure?: { reason: string; message: string } }>;
}
const readState = (root: string): { tasks: Record<string, StateTask> } =>
  JSON.parse(readFileSync(path.join(root, '.orchestra', 'state.json'), 'utf8')) as { tasks: Record<string, StateTask> };

/** A Write of `file` on turn 0, then a final text: a task that does its job in two calls. */
const writes = (marker: string, file: string, content: string): FakeRule[] => [
  { prompt: marker, turn: 0, reply: { text: `Writing ${file}.`, tools: [{ name: 'Write', input: { file_path: file, content } }] } },
  { prompt: marker, minTurn: 1, reply: { text: `Wrote ${file}.` } },
];

/** The session's transcript as Claude Code left it on disk so far (PROTOCOL.md §7), or '' before it exists. */
function transcript(configDir: string, sessionId: string): string {
  const projects = path.join(configDir, 'projects');
  for (const folder of existsSync(projects) ? readdirSync(projects) : []) {
    const file = path.join(projects, folder, `${sessionId}.jsonl`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return '';
}

async function workspace(plan: string, scenario: FakeScenario) {
  api = await startFakeApi({ scenario });
  const root = tempDir('orchestra-e2e-');
  writeFileSync(path.join(root, 'orchestra.config.yaml'), plan);
  const env = realClaudeEnv({ apiUrl: api.url, home: tempDir('orchestra-e2e-home-') });
  return { api, root, env };
}

const THREE_TASKS = `version: 1
name: e2e
defaults:
  allowedTools: [Write]
  maxTurns: 5
concurrency: 4
tasks:
  alpha:
    prompt: TASK-ALPHA write alpha.txt
    outputs: [alpha.txt]
  beta:
    prompt: TASK-BETA write beta.txt
    outputs: [beta.txt]
  gamma:
    prompt: TASK-GAMMA write gamma.txt from alpha.txt and beta.txt
    dependsOn: [alpha, beta]
    inputs: [alpha.txt, beta.txt]
    outputs: [gamma.txt]
`;

describe('orchestra run with the real claude CLI', () => {
  it('runs two tasks in parallel and one after both; records sessions and costs; a second run calls the API zero times', async () => {
    const ctx = await workspace(THREE_TASKS, {
      rules: [...writes('TASK-ALPHA', 'alpha.txt', 'a\n'), ...writes('TASK-BETA', 'beta.txt', 'b\n'), ...writes('TASK-GAMMA', 'gamma.txt', 'a+b\n')],
    });
    const first = await runOrchestra(['run', '--json'], ctx.root, ctx.env);
    expect(first.stderr).not.toContain('sk-ant-dummy-e2e-key');
    expect(first.code, first.stderr).toBe(0);
    for (const [file, content] of [['alpha.txt', 'a\n'], ['beta.txt', 'b\n'], ['gamma.txt', 'a+b\n']]) {
      expect(readFileSync(path.join(ctx.root, file!), 'utf8')).toBe(content);
    }
    // alpha and beta both started before either finished; gamma only after both.
    const order = first.events.filter((e) => e.type === 'task-started' || e.type === 'task-succeeded').map((e) => `${e.type === 'task-started' ? '+' : '-'}${String(e.id)}`);
    expect(order.slice(0, 2).sort()).toEqual(['+alpha', '+beta']);
    expect(order.indexOf('+gamma')).toBeGreaterThan(Math.max(order.indexOf('-alpha'), order.indexOf('-beta')));

    const state = readState(ctx.root);
    const sessions = new Set<string>();
    for (const id of ['alpha', 'beta', 'gamma']) {
      const task = state.tasks[id]!;
      expect(task.status).toBe('succeeded');
      expect(task.costUsd).toBeCloseTo(0.0016, 6); // two calls of 100 input + 20 output tokens
      expect(task.attempts[0]?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      sessions.add(task.attempts[0]!.sessionId!);
    }
    expect(sessions.size).toBe(3);
    expect(new Set(ctx.api.requests.map((r) => r.sessionId))).toEqual(sessions);
    expect(first.events.find((e) => e.type === 'run-finished')).toMatchObject({ status: 'succeeded', costUsd: expect.closeTo(0.0048, 6) });
    expect(readFileSync(path.join(ctx.root, '.orchestra', 'state.json'), 'utf8')).not.toContain('sk-ant-dummy-e2e-key');

    const calls = ctx.api.requests.length;
    const second = await runOrchestra(['run', '--json'], ctx.root, ctx.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.events.filter((e) => e.type === 'task-cached').map((e) => e.id).sort()).toEqual(['alpha', 'beta', 'gamma']);
    expect(ctx.api.requests.length).toBe(calls);
  });

  it('retries a task whose first attempt met 529s, and succeeds', async () => {
    const plan = `version: 1\nname: flaky\ntasks:\n  flaky:\n    prompt: TASK-FLAKY write flaky.txt\n    outputs: [flaky.txt]\n    retries: 1\n`;
    const ctx = await workspace(plan, {
      rules: [{ prompt: 'TASK-FLAKY', times: 3, error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }, ...writes('TASK-FLAKY', 'flaky.txt', 'ok\n')],
    });
    const run = await runOrchestra(['run', '--json'], ctx.root, ctx.env);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(ctx.root, 'flaky.txt'))).toBe(true);
    const attempts = readState(ctx.root).tasks.flaky!.attempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'succeeded']);
    expect(attempts[0]?.failure?.reason).toBe('transient');
    expect(run.events.find((e) => e.type === 'task-retrying')).toMatchObject({ id: 'flaky', failure: { reason: 'transient' } });
    expect(ctx.api.requests.map((r) => r.status)).toEqual([529, 529, 529, 200, 200]);
  });

  it('stops an endless tool loop at maxTurns, without retrying it', async () => {
    const plan = `version: 1\nname: loop\ntasks:\n  loop:\n    prompt: TASK-LOOP forever\n    maxTurns: 2\n    retries: 2\n`;
    const ctx = await workspace(plan, { rules: [{ prompt: 'TASK-LOOP', reply: { tools: [{ name: 'Bash', input: { command: 'echo again', description: 'again' } }] } }] });
    const run = await runOrchestra(['run', '--json'], ctx.root, ctx.env);
    expect(run.code).toBe(1);
    const task = readState(ctx.root).tasks.loop!;
    expect(task.attempts).toHaveLength(1);
    expect(task.attempts[0]?.failure).toMatchObject({ reason: 'max-turns', message: 'Reached maximum number of turns (2)' });
    expect(ctx.api.requests).toHaveLength(2);
  });

  it('fails fast on a 401: one attempt, one clear message, nothing else started', async () => {
    const plan = `version: 1\nname: auth\nconcurrency: 1\ntasks:\n  first:\n    prompt: TASK-FIRST\n    retries: 3\n  second:\n    prompt: TASK-SECOND\n    dependsOn: [first]\n  other:\n    prompt: TASK-OTHER\n    dependsOn: [first]\n`;
    const ctx = await workspace(plan, { rules: [{ error: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' } }] });
    const run = await runOrchestra(['run', '--json'], ctx.root, ctx.env);
    expect(run.code).toBe(1);
    const failed = run.events.filter((e) => e.type === 'task-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: 'first', failure: { reason: 'auth', message: expect.stringContaining('Invalid API key') } });
    expect(String((failed[0]?.failure as { message: string }).message)).toContain('ANTHROPIC_API_KEY');
    expect(run.events.filter((e) => e.type === 'task-started')).toHaveLength(1);
    expect(run.events.find((e) => e.type === 'run-finished')).toMatchObject({ status: 'auth-failed' });
    expect(new Set(ctx.api.requests.map((r) => r.sessionId)).size).toBe(1); // the CLI's own 2 quick retries, no second attempt
    // The attempt's log stays JSON Lines to the end, where orchestra says how it failed.
    const log = readFileSync(path.join(ctx.root, '.orchestra', 'logs', 'first', '1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(log.at(-1)).toMatchObject({ type: 'orchestra_failure', attempt: 1, reason: 'auth' });
  });

  it('after kill -9 of orchestra mid-task, a re-run resumes the session with --resume and finishes', async () => {
    const plan = `version: 1\nname: resume\ntasks:\n  long:\n    prompt: TASK-LONG write part1.txt then part2.txt\n    outputs: [part1.txt, part2.txt]\n`;
    const ctx = await workspace(plan, {
      rules: [
        { prompt: 'TASK-LONG', turn: 0, reply: { tools: [{ name: 'Write', input: { file_path: 'part1.txt', content: '1\n' } }] } },
        // The resumed session's new prompt asks to continue: write the second part, then finish.
        { prompt: 'TASK-LONG', lastUser: 'Continue the task', reply: { tools: [{ name: 'Write', input: { file_path: 'part2.txt', content: '2\n' } }] } },
        // Hangs once (orchestra is killed meanwhile); a re-run that failed to resume would not hang again.
        { prompt: 'TASK-LONG', turn: 1, hang: true, times: 1 },
        { prompt: 'TASK-LONG', minTurn: 2, reply: { text: 'Both parts written.' } },
      ],
    });
    const first = startOrchestra(['run', '--json'], ctx.root, ctx.env);
    await expect.poll(() => ctx.api.requests.some((r) => r.key.turn === 1), { timeout: 60_000, interval: 25 }).toBe(true);
    const sessionId = ctx.api.requests[0]!.sessionId!;
    orphans.push(sessionId);
    // Claude Code writes its transcript behind the requests: the kill waits until the first turn (the Write
    // and its result) is in it, or the resumed conversation would start without it and write part1.txt again.
    await expect.poll(() => transcript(ctx.env.CLAUDE_CONFIG_DIR!, sessionId), { timeout: 30_000, interval: 25 }).toMatch(/"tool_result"/);
    first.child.kill('SIGKILL');
    await first.done;
    // orchestra is gone; its claude child (in its own process group) hangs on; a real crash would lose it too.
    for (const pid of pidsWithArg(sessionId)) process.kill(pid, 'SIGKILL');
    expect(existsSync(path.join(ctx.root, 'part1.txt'))).toBe(true);

    const second = await runOrchestra(['run', '--json'], ctx.root, ctx.env);
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(path.join(ctx.root, 'part2.txt'), 'utf8')).toBe('2\n');
    const resumed = ctx.api.requests.filter((r) => r.key.lastUser.includes('Continue the task'));
    expect(resumed).toHaveLength(1);
    expect(resumed[0]?.sessionId).toBe(sessionId);
    const log = readFileSync(path.join(ctx.root, '.orchestra', 'logs', 'long', '2.jsonl'), 'utf8');
    expect(JSON.parse(log.split('\n')[0]!)).toMatchObject({ session: { mode: 'resume', sessionId } });
    const attempts = readState(ctx.root).tasks.long!.attempts;
    expect(attempts.at(-1)).toMatchObject({ outcome: 'succeeded', sessionId });
  });
});

describe('orchestra draft with the real claude CLI', () => {
  const PLAN_REPLY = "Here is the plan.\n\n```yaml\nversion: 1\nname: converter\ntasks:\n  html:\n    prompt: Create index.html.\n    outputs: [index.html]\n  logic:\n    prompt: Create script.js.\n    dependsOn: [html]\n    outputs: [script.js]\n```\n";

  it('writes a valid plan from a scripted reply, with the $schema line; never over an existing one', async () => {
    api = await startFakeApi({ scenario: { rules: [{ prompt: 'recipe converter', reply: { text: PLAN_REPLY } }] } });
    const root = tempDir('orchestra-draft-');
    const env = realClaudeEnv({ apiUrl: api.url, home: tempDir('orchestra-e2e-home-') });
    const run = await runOrchestra(['draft', 'A recipe converter web app'], root, env);
    expect(run.code, run.stderr).toBe(0);
    const file = path.join(root, 'orchestra.config.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/@orchestra/core/orchestra.schema.json');
    const parsed = parsePlanText(text, file);
    expect(parsed.ok).toBe(true);
    expect(run.stdout).toContain('Wrote orchestra.config.yaml: 2 tasks (html, logic)');
    // Nothing but the plan file was written (orchestra's own folder aside): a draft runs nothing.
    expect(readdirSync(root).filter((name) => !name.startsWith('.'))).toEqual(['orchestra.config.yaml']);
    const again = await runOrchestra(['draft', 'A recipe converter web app'], root, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(api.requests).toHaveLength(1);
  });

  it('gives an invalid draft back with the problems once, then writes the fixed one', async () => {
    const invalid = "```yaml\nversion: 1\nname: converter\ntasks:\n  html:\n    prompt: Create index.html.\n    dependsOn: [css]\n```";
    api = await startFakeApi({
      scenario: {
        rules: [
          { prompt: 'two pages', lastUser: 'rejected that plan', reply: { text: PLAN_REPLY } },
          { prompt: 'two pages', reply: { text: invalid } },
        ],
      },
    });
    const root = tempDir('orchestra-draft-');
    mkdirSync(path.join(root, 'plans'));
    const env = realClaudeEnv({ apiUrl: api.url, home: tempDir('orchestra-e2e-home-') });
    const run = await runOrchestra(['draft', '--config', 'plans/site.yaml', 'A site of two pages'], root, env);
    expect(run.code, run.stderr).toBe(0);
    expect(parsePlanText(readFileSync(path.join(root, 'plans', 'site.yaml'), 'utf8'), path.join(root, 'plans', 'site.yaml')).ok).toBe(true);
    const retry = api.requests.find((r) => r.key.lastUser.includes('rejected that plan'));
    expect(retry?.key.lastUser).toContain('css');
    expect(retry?.sessionId).toBe(api.requests[0]?.sessionId);
  });
});

