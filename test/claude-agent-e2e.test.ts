// The claude agent driving the REAL Claude Code CLI against the fake Anthropic API: files written by
// real tool calls, sessions, resume, costs and failure classes as the CLI really reports them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asTaskId, type AgentOutcome, type AgentProgress, type AgentRequest, type Plan, type Task } from '@orchestra/core';
import { createClaudeAgent } from '@orchestra/claude';
import { realClaudeEnv, tempDir } from './claude-support/real-claude.ts';
import { startFakeApi, type FakeApi } from './fixtures/fake-api/start-fake-api.ts';
import type { FakeScenario } from './fixtures/fake-api/scenario.ts';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function task(id: string, fields: Partial<Omit<Task, 'id'>> = {}): Task {
  return { id: asTaskId(id), agent: 'claude', prompt: `task ${id}`, dependsOn: [], inputs: [], outputs: [], verify: [], locks: [], retries: 0, isolation: 'none', ...fields };
}

async function setup(scenario: FakeScenario) {
  api = await startFakeApi({ scenario });
  const root = tempDir('orchestra-claude-e2e-');
  const env = realClaudeEnv({ apiUrl: api.url, home: tempDir('orchestra-claude-home-') });
  return { api, root, env };
}

async function runTask(
  ctx: { root: string; env: Record<string, string> },
  t: Task,
  extra: Partial<AgentRequest> = {},
): Promise<{ outcome: AgentOutcome; progress: AgentProgress[] }> {
  const plan: Plan = {
    file: path.join(ctx.root, 'orchestra.config.yaml'), root: ctx.root, version: 1, name: 'e2e', concurrency: 1, schedule: 'eager',
    strict: false, isolation: 'none', budget: {}, taskIds: [t.id], tasks: new Map([[t.id, t]]),
  };
  const progress: AgentProgress[] = [];
  const outcome = await createClaudeAgent({ env: ctx.env }).run({
    plan, task: t, attempt: 1, cwd: ctx.root, dependencies: [], logFile: path.join(ctx.root, '.orchestra', 'logs', t.id, `${extra.attempt ?? 1}.jsonl`),
    signal: new AbortController().signal, env: ctx.env, onProgress: (p) => progress.push(p), ...extra,
  });
  return { outcome, progress };
}

describe('claude agent with the real CLI', () => {
  it('writes a file through a real Write tool call; records session and cost', async () => {
    const ctx = await setup({
      rules: [
        { prompt: 'task hello', turn: 0, reply: { text: 'Writing.', tools: [{ name: 'Write', input: { file_path: 'hello.txt', content: 'hello\n' } }] } },
        { prompt: 'task hello', turn: 1, reply: { text: 'Wrote hello.txt.' } },
      ],
    });
    const { outcome, progress } = await runTask(ctx, task('hello', { outputs: ['hello.txt'] }));
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, numTurns: 2, costUsd: 0.0016, sessionCostUsd: 0.0016 });
    expect(readFileSync(path.join(ctx.root, 'hello.txt'), 'utf8')).toBe('hello\n');
    expect(progress.map((p) => p.message)).toContain('Write hello.txt');
    // One session, ours, seen by the API; only the Messages endpoint was called, always streaming.
    expect(new Set(ctx.api.requests.map((r) => r.sessionId))).toEqual(new Set([outcome.sessionId]));
    expect(ctx.api.requests.map((r) => `${r.path} ${r.stream}`)).toEqual(['/v1/messages?beta=true true', '/v1/messages?beta=true true']);
    // The API key reached the API, but not the log.
    expect(ctx.api.requests[0]?.headers['x-api-key']).toBe('sk-ant-dummy-e2e-key');
    expect(readFileSync(path.join(ctx.root, '.orchestra/logs/hello/1.jsonl'), 'utf8')).not.toContain('sk-ant-dummy-e2e-key');
  });

  it('stops an endless tool loop at maxTurns', async () => {
    const ctx = await setup({ rules: [{ prompt: 'task loop', reply: { tools: [{ name: 'Bash', input: { command: 'echo again', description: 'loop' } }] } }] });
    const { outcome } = await runTask(ctx, task('loop', { maxTurns: 2 }));
    expect(outcome.failure).toMatchObject({ reason: 'max-turns', message: 'Reached maximum number of turns (2)' });
    expect(ctx.api.requests).toHaveLength(2);
  });

  it('fails a 401 as auth with one clear message; the CLI retries at most CLAUDE_CODE_MAX_RETRIES times', async () => {
    const ctx = await setup({ rules: [{ error: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' } }] });
    const { outcome } = await runTask(ctx, task('auth'));
    expect(outcome.failure?.reason).toBe('auth');
    expect(outcome.failure?.message).toBe(
      'Claude Code could not authenticate: Invalid API key · Fix external API key. To fix: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN / CLAUDE_CODE_OAUTH_TOKEN), or run `claude /login`.',
    );
    expect(ctx.api.requests.length).toBe(3); // 1 + CLAUDE_CODE_MAX_RETRIES (2, set by the agent)
  });

  it('classifies 529s that outlast the CLI as transient', async () => {
    const ctx = await setup({ rules: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }] });
    const { outcome } = await runTask(ctx, task('busy'));
    expect(outcome.failure?.reason).toBe('transient');
    expect(outcome.failure?.message).toContain('529');
  });

  it('resumes the session of an interrupted attempt, and counts every call once', async () => {
    const ctx = await setup({
      rules: [
        { prompt: 'task resume', turn: 0, reply: { tools: [{ name: 'Write', input: { file_path: 'part1.txt', content: '1\n' } }] } },
        // The resumed request's last user message is the follow-up prompt (the interrupted turn left
        // an assistant message in the transcript, so the turn index alone cannot tell).
        { prompt: 'task resume', lastUser: 'cut short', reply: { tools: [{ name: 'Write', input: { file_path: 'part2.txt', content: '2\n' } }] } },
        { prompt: 'task resume', turn: 1, hang: true, times: 1 },
        { prompt: 'task resume', minTurn: 2, reply: { text: 'Both parts written.' } },
      ],
    });
    const controller = new AbortController();
    const first = runTask(ctx, task('resume'), { signal: controller.signal, killGraceMs: 2000 });
    await expect.poll(() => ctx.api.requests.some((r) => r.key.turn === 1), { timeout: 60_000, interval: 25 }).toBe(true);
    controller.abort();
    const interrupted = (await first).outcome;
    expect(interrupted.failure?.reason).toBe('interrupted');
    expect(existsSync(path.join(ctx.root, 'part1.txt'))).toBe(true);

    const { outcome } = await runTask(ctx, task('resume'), {
      attempt: 2,
      previous: { attempt: 1, sessionId: interrupted.sessionId, cwd: ctx.root, failure: interrupted.failure },
    });
    expect(outcome).toMatchObject({ ok: true, sessionId: interrupted.sessionId });
    expect(existsSync(path.join(ctx.root, 'part2.txt'))).toBe(true);
    const resumed = ctx.api.requests.filter((r) => r.key.lastUser.includes('cut short'));
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed[0]?.sessionId).toBe(interrupted.sessionId);
    // The interrupted attempt reported no cost, so its call is counted here, once: 3 calls of $0.0008.
    expect(outcome).toMatchObject({ costUsd: 0.0024, sessionCostUsd: 0.0024 });
  });
});

