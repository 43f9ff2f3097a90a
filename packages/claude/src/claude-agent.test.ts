import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentOutcome, AgentProgress, AgentRequest, PreviousAttempt, Task } from '@orchestra/core';
import { createClaudeAgent } from './claude-agent.ts';
import { cleanEnv, FAKE_CLAUDE, makePlan, makeTask, tempDir } from './fixtures.test-util.ts';

const SESSION_IDS = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'];
const SECRET = 'sk-ant-test-secret-value-123';

interface Setup {
  root: string;
  state: string;
  argvLog: string;
  logFile: string;
}

function setup(): Setup {
  const root = tempDir();
  return { root, state: path.join(root, '.fake-state'), argvLog: path.join(root, 'argv.jsonl'), logFile: path.join(root, '.orchestra', 'logs', 't', '1.jsonl') };
}

async function run(
  s: Setup,
  task: Task,
  fake: Record<string, string>,
  extra: Partial<AgentRequest> = {},
): Promise<{ outcome: AgentOutcome; progress: AgentProgress[]; stderr: string[] }> {
  const ids = [...SESSION_IDS];
  const agent = createClaudeAgent({ newSessionId: () => ids.shift() ?? 'no-more-ids' });
  const progress: AgentProgress[] = [];
  const stderr: string[] = [];
  const outcome = await agent.run({
    plan: makePlan(s.root, [task], { claudePath: FAKE_CLAUDE }),
    task,
    attempt: 1,
    cwd: s.root,
    dependencies: [],
    logFile: s.logFile,
    signal: new AbortController().signal,
    env: cleanEnv(s.root, { ANTHROPIC_API_KEY: SECRET, FAKE_CLAUDE_STATE_DIR: s.state, FAKE_CLAUDE_ARGV_LOG: s.argvLog, ...fake }),
    onProgress: (p) => progress.push(p),
    onOutput: (_stream, line) => stderr.push(line),
    ...extra,
  });
  return { outcome, progress, stderr };
}

/** One first attempt of `task` in the setup's folder, with no progress listener. */
function requestFor(s: Setup, plan: AgentRequest['plan'], task: Task, env: Record<string, string>): AgentRequest {
  return { plan, task, attempt: 1, cwd: s.root, dependencies: [], logFile: s.logFile, signal: new AbortController().signal, env, onProgress: () => {} };
}

interface Invocation {
  argv: string[];
  cwd: string;
  stdin: string;
  env: Record<string, string>;
}
const invocations = (s: Setup): Invocation[] =>
  readFileSync(s.argvLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Invocation);
const flag = (argv: string[], name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
};

describe('claude agent with a fake CLI', () => {
  it('runs one headless process with stdin closed, records the session, cost and a redacted .jsonl log', async () => {
    const s = setup();
    const task = makeTask({ id: 't', outputs: ['out/a.txt'], maxTurns: 5, allowedTools: ['Write'] });
    const { outcome, progress } = await run(s, task, { FAKE_CLAUDE_WRITE: 'out/a.txt', FAKE_CLAUDE_TEXT: `the key is ${SECRET}` });

    expect(outcome).toMatchObject({ ok: true, exitCode: 0, sessionId: SESSION_IDS[0], costUsd: 0.0016, sessionCostUsd: 0.0016, numTurns: 2 });
    expect(outcome.usage).toEqual({ inputTokens: 200, outputTokens: 40, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    expect(existsSync(path.join(s.root, 'out/a.txt'))).toBe(true);
    expect(progress[0]).toEqual({ message: 'starting', sessionId: SESSION_IDS[0] });
    expect(progress.map((p) => p.message)).toContain('Write out/a.txt');

    const [call] = invocations(s);
    expect(call?.stdin).toBe('char'); // /dev/null, not a pipe that would cost 3 s
    expect(call?.cwd).toBe(s.root);
    expect(call?.env).toMatchObject({ CLAUDE_CODE_MAX_RETRIES: '2', DISABLE_AUTOUPDATER: '1' });
    expect(call?.argv.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
    expect(flag(call?.argv ?? [], '--session-id')).toBe(SESSION_IDS[0]);
    expect(flag(call?.argv ?? [], '--permission-mode')).toBe('acceptEdits');
    expect(flag(call?.argv ?? [], '--max-turns')).toBe('5');
    expect(call?.argv.at(-1)).toContain('- out/a.txt');

    const log = readFileSync(s.logFile, 'utf8');
    expect(log).not.toContain(SECRET);
    expect(progress.map((p) => p.message).join('\n')).not.toContain(SECRET);
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]?.type).toBe('orchestra_attempt');
    expect(lines.at(-1)?.type).toBe('orchestra_exit');
    expect(lines.some((l) => l.type === 'result')).toBe(true);
  });

  it.each([
    ['transient', 'transient'],
    ['rate-limit', 'transient'],
    ['usage-limit', 'usage-limit'],
    ['auth', 'auth'],
    ['billing', 'auth'],
    ['max-turns', 'max-turns'],
    ['budget', 'budget'],
  ])('classifies the %s scenario as %s', async (scenario, reason) => {
    const s = setup();
    const { outcome } = await run(s, makeTask({ id: 't' }), { FAKE_CLAUDE_SCENARIO: scenario });
    expect(outcome.ok).toBe(false);
    expect(outcome.failure?.reason).toBe(reason);
    expect(outcome.sessionId).toBe(SESSION_IDS[0]);
  });

  it('gives a usage limit its reset time', async () => {
    const s = setup();
    const resetsAt = Math.floor(Date.now() / 1000) + 7200;
    const { outcome } = await run(s, makeTask({ id: 't' }), { FAKE_CLAUDE_SCENARIO: 'usage-limit', FAKE_CLAUDE_RESETS_AT: String(resetsAt) });
    expect(outcome.failure?.retryAfterMs).toBeGreaterThan(7_000_000);
    expect(outcome.failure?.retryAfterMs).toBeLessThanOrEqual(7_200_000);
  });

  it('tolerates garbage, partial and unknown lines', async () => {
    const s = setup();
    const { outcome, progress, stderr } = await run(s, makeTask({ id: 't' }), { FAKE_CLAUDE_SCENARIO: 'garbage' });
    expect(outcome.ok).toBe(true);
    expect(progress.map((p) => p.message)).toContain('Bash npm test');
    expect(progress.map((p) => p.message)).toContain('half a line');
    expect(stderr).toEqual(['some warning on stderr']);
  });

  it('fails a crash without a result as no-result, with the stderr tail', async () => {
    const s = setup();
    const { outcome } = await run(s, makeTask({ id: 't' }), { FAKE_CLAUDE_SCENARIO: 'crash' });
    expect(outcome).toMatchObject({ ok: false, exitCode: 3, failure: { reason: 'no-result' } });
    expect(outcome.failure?.detail).toContain('fatal: something broke');
  });

  it('kills a hanging CLI when the signal aborts, as interrupted', async () => {
    const s = setup();
    const controller = new AbortController();
    const ready = path.join(s.root, 'hanging.pid');
    const pending = run(s, makeTask({ id: 't' }), { FAKE_CLAUDE_SCENARIO: 'hang', FAKE_CLAUDE_READY_FILE: ready }, { signal: controller.signal });
    await expect.poll(() => existsSync(ready), { timeout: 30_000, interval: 25 }).toBe(true);
    controller.abort();
    const { outcome } = await pending;
    expect(outcome.failure?.reason).toBe('interrupted');
    const pid = Number(readFileSync(ready, 'utf8'));
    expect(isAlive(pid)).toBe(false);
  });

  it('resumes the previous session after a failed verify, with its output, and costs only this attempt', async () => {
    const s = setup();
    await run(s, makeTask({ id: 't' }), {}); // creates session 1 in the fake's state (cost 0.0008)
    const previous: PreviousAttempt = {
      attempt: 1,
      sessionId: SESSION_IDS[0],
      sessionCostUsd: 0.0008,
      cwd: s.root,
      failure: { reason: 'verify-failed', message: 'verify `node --test` exited with code 1', detail: 'not ok 1 - adds' },
    };
    const { outcome } = await run(s, makeTask({ id: 't' }), {}, { attempt: 2, previous });
    const call = invocations(s)[1];
    expect(flag(call?.argv ?? [], '--resume')).toBe(SESSION_IDS[0]);
    expect(call?.argv).not.toContain('--session-id');
    expect(call?.argv.at(-1)).toContain('not ok 1 - adds');
    expect(outcome).toMatchObject({ ok: true, sessionId: SESSION_IDS[0], costUsd: 0.0008, sessionCostUsd: 0.0016 });
  });

  it('starts fresh when the session to resume is unknown to the CLI', async () => {
    const s = setup();
    const previous: PreviousAttempt = { attempt: 1, sessionId: 'bbbbbbbb-0000-4000-8000-000000000009', cwd: s.root, failure: { reason: 'interrupted', message: 'x' } };
    const { outcome } = await run(s, makeTask({ id: 't' }), {}, { previous });
    const calls = invocations(s);
    expect(calls).toHaveLength(2);
    expect(flag(calls[0]?.argv ?? [], '--resume')).toBe(previous.sessionId);
    expect(flag(calls[1]?.argv ?? [], '--session-id')).toBe(SESSION_IDS[0]);
    expect(outcome).toMatchObject({ ok: true, sessionId: SESSION_IDS[0], costUsd: 0.0008 });
  });

  it("takes a previous attempt without cwd as run in the plan's folder (the state leaves it out there)", async () => {
    const s = setup();
    await run(s, makeTask({ id: 't' }), {});
    const previous: PreviousAttempt = { attempt: 1, sessionId: SESSION_IDS[0] };
    await run(s, makeTask({ id: 't' }), {}, { attempt: 2, previous });
    expect(flag(invocations(s)[1]?.argv ?? [], '--resume')).toBe(SESSION_IDS[0]);
  });

  it('starts fresh when the previous attempt ran in another folder', async () => {
    const s = setup();
    const previous: PreviousAttempt = { attempt: 1, sessionId: SESSION_IDS[1], cwd: '/elsewhere', failure: { reason: 'interrupted', message: 'x' } };
    await run(s, makeTask({ id: 't' }), {}, { previous });
    expect(flag(invocations(s)[0]?.argv ?? [], '--session-id')).toBe(SESSION_IDS[0]);
  });

  it("caps the CLI's spend with the request's maxCostUsd and passes the plan's options", async () => {
    const s = setup();
    const task = makeTask({ id: 't', model: 'sonnet', maxCostUsd: 2, addDirs: ['shared'], appendSystemPrompt: 'Be terse.', permissionMode: 'bypassPermissions' });
    await run(s, task, {}, { maxCostUsd: 0.5 });
    const call = invocations(s)[0];
    expect(flag(call?.argv ?? [], '--max-budget-usd')).toBe('0.5');
    expect(flag(call?.argv ?? [], '--model')).toBe('sonnet');
    expect(flag(call?.argv ?? [], '--add-dir')).toBe(path.join(s.root, 'shared'));
    expect(flag(call?.argv ?? [], '--append-system-prompt')).toBe('Be terse.');
    expect(flag(call?.argv ?? [], '--permission-mode')).toBe('bypassPermissions');
    expect(call?.env.IS_SANDBOX).toBe(process.getuid?.() === 0 ? '1' : undefined);
  });

  it('fails with spawn-error when the CLI is missing', async () => {
    const s = setup();
    const task = makeTask({ id: 't' });
    const agent = createClaudeAgent();
    const outcome = await agent.run(requestFor(s, makePlan(s.root, [task], { claudePath: './no/such/claude' }), task, cleanEnv(s.root)));
    expect(outcome.failure).toMatchObject({ reason: 'spawn-error', message: expect.stringContaining('./no/such/claude') });
  });

  it('reports the CLI version for fingerprints, asking once', async () => {
    const s = setup();
    const counter = path.join(s.root, 'versions.jsonl');
    mkdirSync(s.root, { recursive: true });
    writeFileSync(counter, '');
    const agent = createClaudeAgent({ env: cleanEnv(s.root, { FAKE_CLAUDE_VERSION: '1.2.3' }) });
    const plan = makePlan(s.root, [], { claudePath: FAKE_CLAUDE });
    expect(await agent.version(plan)).toBe('claude-code 1.2.3');
    expect(await agent.version(plan)).toBe('claude-code 1.2.3');
    expect(await agent.version(makePlan(s.root, [], { claudePath: '/no/claude' }))).toBe('claude-code (not found)');
  });

  it('runs the CLI it fingerprinted: found once, with its own environment, whatever the task environment says', async () => {
    const s = setup();
    const task = makeTask({ id: 't' });
    const plan = makePlan(s.root, [task]);
    const agent = createClaudeAgent({ env: cleanEnv(s.root, { ORCHESTRA_CLAUDE_PATH: FAKE_CLAUDE, FAKE_CLAUDE_VERSION: '7.7.7' }) });
    expect(await agent.version(plan)).toBe('claude-code 7.7.7');
    const env = cleanEnv(s.root, { ORCHESTRA_CLAUDE_PATH: './elsewhere/claude', FAKE_CLAUDE_STATE_DIR: s.state, FAKE_CLAUDE_ARGV_LOG: s.argvLog });
    const outcome = await agent.run(requestFor(s, plan, task, env));
    expect(outcome.failure).toBeUndefined();
    expect(outcome.ok).toBe(true);
    expect(invocations(s)).toHaveLength(1);
  });
});


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
