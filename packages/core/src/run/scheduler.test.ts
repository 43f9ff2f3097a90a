// Scheduler tests with a fake agent that the test steps through: the test decides when each task
// ends, and checks which tasks are running at every step.
import { describe, expect, it } from 'vitest';
import type { Agent, AgentOutcome, AgentRequest } from './agent.ts';
import { planIn, tempWorkspace } from './test-workspace.test-helper.ts';
import { runPlan, type RunPlanOptions } from './run-plan.ts';
import type { TaskSketch } from '../graph/test-plan.ts';
import type { OrchestraEvent } from '../report/events.ts';
import { pickReady, remainingPathLengths } from './pick-ready.ts';
import { asTaskId, type TaskId } from '../plan/model.ts';
import { decideRetry, DEFAULT_RETRY_POLICY } from './retry-policy.ts';

class SteppedAgent implements Agent {
  readonly name = 'fake';
  readonly started: string[] = [];
  readonly requests = new Map<string, AgentRequest>();
  private readonly pending = new Map<string, (o: AgentOutcome) => void>();
  async version(): Promise<string> {
    return '1';
  }
  run(request: AgentRequest): Promise<AgentOutcome> {
    this.started.push(request.task.id);
    this.requests.set(request.task.id, request);
    return new Promise((resolve) => {
      this.pending.set(request.task.id, resolve);
      request.signal.addEventListener('abort', () => resolve({ ok: false, failure: { reason: 'interrupted', message: 'aborted' } }));
    });
  }
  running(): string[] {
    return [...this.pending.keys()].sort();
  }
  finish(id: string, outcome: AgentOutcome = { ok: true }): void {
    const resolve = this.pending.get(id);
    if (!resolve) throw new Error(`${id} is not running (running: ${this.running().join(', ')})`);
    this.pending.delete(id);
    resolve(outcome);
  }
}

function setup(sketches: TaskSketch[], options: Partial<RunPlanOptions> = {}, plan: Record<string, unknown> = {}) {
  const agent = new SteppedAgent();
  const root = tempWorkspace();
  const events: OrchestraEvent[] = [];
  const result = runPlan({
    plan: planIn(root, sketches.map((s) => ({ agent: 'fake', ...s })), plan),
    agents: new Map([['fake', agent]]),
    env: {},
    onEvent: (e) => events.push(e),
    retryPolicy: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  const runningIs = (ids: string[]) => expect.poll(() => agent.running(), { timeout: 10_000 }).toEqual(ids);
  return { agent, result, events, runningIs };
}

describe('scheduler', () => {
  it('starts ready tasks eagerly, up to the concurrency, longest remaining path first, then by id', async () => {
    const { agent, result, runningIs } = setup(
      [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd', dependsOn: ['c'] }],
      { concurrency: 2 },
    );
    await runningIs(['a', 'c']); // c heads a chain of two: it goes first; then a, by id
    agent.finish('c');
    await runningIs(['a', 'b']); // d's chain is as long as b's: by id
    agent.finish('a');
    await runningIs(['b', 'd']);
    agent.finish('b');
    agent.finish('d');
    expect((await result).status).toBe('succeeded');
    expect(agent.started).toEqual(['c', 'a', 'b', 'd']);
  });

  it('never runs conflicting tasks together (shared lock, overlapping outputs)', async () => {
    const { agent, result, runningIs } = setup(
      [
        { id: 'a', locks: ['db'] },
        { id: 'b', locks: ['db'] },
        { id: 'c', outputs: ['dist/**'] },
        { id: 'd', outputs: ['dist/x.js'] },
      ],
      { concurrency: 4 },
    );
    await runningIs(['a', 'c']);
    agent.finish('a');
    await runningIs(['b', 'c']);
    agent.finish('c');
    await runningIs(['b', 'd']);
    agent.finish('b');
    agent.finish('d', { ok: true });
    // d declares an output it did not write: the engine checks outputs after each task.
    const done = await result;
    expect(done.tasks.get(asTaskId('d'))?.status).toBe('failed');
  });

  it('waves: a wave starts only when the previous one is done', async () => {
    const { agent, result, runningIs } = setup(
      [{ id: 'a' }, { id: 'slow' }, { id: 'b', dependsOn: ['a'] }],
      { concurrency: 4, schedule: 'waves' },
    );
    await runningIs(['a', 'slow']);
    agent.finish('a');
    // Eager would start b now; waves waits for slow.
    await runningIs(['slow']);
    agent.finish('slow');
    await runningIs(['b']);
    agent.finish('b');
    expect((await result).status).toBe('succeeded');
  });

  it('auth failure stops starting tasks; running ones finish', async () => {
    const { agent, result, runningIs } = setup([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { concurrency: 2 });
    await runningIs(['a', 'b']);
    agent.finish('a', { ok: false, failure: { reason: 'auth', message: 'invalid API key' } });
    await runningIs(['b']);
    agent.finish('b');
    const done = await result;
    expect(done.status).toBe('auth-failed');
    expect(done.exitCode).toBe(1);
    expect(done.tasks.get(asTaskId('c'))?.status).toBe('not-run');
    expect(agent.started).toEqual(['a', 'b']);
  });

  it('budget: caps each request by what is left and stops starting once spent', async () => {
    const { agent, result, runningIs } = setup(
      [{ id: 'a', maxCostUsd: 5 }, { id: 'b', dependsOn: ['a'], maxCostUsd: 5 }, { id: 'c', dependsOn: ['b'] }],
      { concurrency: 1 },
      { budget: { maxCostUsd: 3 } },
    );
    await runningIs(['a']);
    expect(agent.requests.get('a')?.maxCostUsd).toBe(3);
    agent.finish('a', { ok: true, costUsd: 2 });
    await runningIs(['b']);
    expect(agent.requests.get('b')?.maxCostUsd).toBe(1);
    agent.finish('b', { ok: true, costUsd: 1.5 });
    const done = await result;
    expect(done.status).toBe('budget-exhausted');
    expect(done.costUsd).toBe(3.5);
    expect(done.tasks.get(asTaskId('c'))?.status).toBe('not-run');
  });

  it('usage limit: waits for the reset when it is near, then retries', async () => {
    const { agent, result, runningIs, events } = setup([{ id: 'a' }]);
    await runningIs(['a']);
    agent.finish('a', { ok: false, failure: { reason: 'usage-limit', message: 'limit reached', retryAfterMs: 5 } });
    await expect.poll(() => agent.started.length, { timeout: 10_000 }).toBe(2);
    agent.finish('a');
    expect((await result).status).toBe('succeeded');
    expect(events.some((e) => e.type === 'task-waiting')).toBe(true);
  });

  it('usage limit: a reset too far away stops starting tasks cleanly', async () => {
    const { agent, result, runningIs } = setup([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }, { id: 'c' }], {
      concurrency: 1,
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 2, maxUsageWaitMs: 1_000 },
    });
    await runningIs(['a']);
    agent.finish('a', { ok: false, failure: { reason: 'usage-limit', message: 'limit reached', retryAfterMs: 3_600_000 } });
    const done = await result;
    expect(done.status).toBe('usage-limit');
    expect(done.exitCode).toBe(1);
    expect(agent.started).toEqual(['a']);
    expect(done.tasks.get(asTaskId('c'))?.status).toBe('not-run');
  });

  it('max-turns fails at once, without the retries that other failures get', async () => {
    const { agent, result, runningIs } = setup([{ id: 'a', retries: 3 }]);
    await runningIs(['a']);
    agent.finish('a', { ok: false, failure: { reason: 'max-turns', message: 'hit --max-turns 30' } });
    const done = await result;
    expect(done.status).toBe('failed');
    expect(agent.started).toEqual(['a']);
  });

  it('passes the previous attempt (session, failure) to the next one', async () => {
    const { agent, result, runningIs } = setup([{ id: 'a', retries: 1 }]);
    await runningIs(['a']);
    agent.finish('a', { ok: false, sessionId: 's-1', failure: { reason: 'transient', message: '529 overloaded' } });
    await expect.poll(() => agent.started.length, { timeout: 10_000 }).toBe(2);
    expect(agent.requests.get('a')?.previous).toMatchObject({ attempt: 1, sessionId: 's-1', failure: { reason: 'transient' } });
    expect(agent.requests.get('a')?.attempt).toBe(2);
    agent.finish('a');
    expect((await result).status).toBe('succeeded');
  });
});

describe('pickReady and priorities', () => {
  const ids = (xs: string[]): TaskId[] => xs.map(asTaskId);
  it('fills free slots in order, skipping conflicts', () => {
    // 'a' conflicts with a running task; 'b' and 'c' share a lock; 'd' is free.
    const held = new Set(['lock-of-running']);
    const locks: Record<string, string[]> = { a: ['lock-of-running'], b: ['l'], c: ['l'], d: [], e: [] };
    const claimed: string[] = [];
    const picked = pickReady(ids(['a', 'b', 'c', 'd', 'e']), {
      slots: 2,
      blocked: (id) => locks[id]!.some((l) => held.has(l)),
      claim: (id) => {
        claimed.push(id);
        for (const l of locks[id]!) held.add(l);
      },
    });
    expect(picked).toEqual(['b', 'd']);
    expect(claimed).toEqual(['b', 'd']);
  });

  it('ranks tasks by the longest remaining path', () => {
    const order = ids(['a', 'b', 'c']);
    const dependents = new Map([[asTaskId('a'), ids(['c'])]]);
    const lengths = remainingPathLengths(order, dependents, (id) => (id === 'c' ? 10 : 1));
    expect(Object.fromEntries(lengths)).toEqual({ a: 11, b: 1, c: 10 });
  });

  it('retry policy by failure class', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100 };
    expect(decideRetry({ reason: 'exit-non-zero', message: '' }, 0, 2, p, 0)).toEqual({ action: 'retry', delayMs: 50 });
    expect(decideRetry({ reason: 'exit-non-zero', message: '' }, 1, 2, p, 1)).toEqual({ action: 'retry', delayMs: 200 });
    expect(decideRetry({ reason: 'exit-non-zero', message: '' }, 2, 2, p, 0)).toEqual({ action: 'fail' });
    expect(decideRetry({ reason: 'max-turns', message: '' }, 0, 2, p, 0)).toEqual({ action: 'fail' });
    expect(decideRetry({ reason: 'auth', message: '' }, 0, 2, p, 0)).toEqual({ action: 'fail-and-stop', status: 'auth-failed' });
    expect(decideRetry({ reason: 'usage-limit', message: '' }, 0, 2, p, 0)).toEqual({ action: 'fail-and-stop', status: 'usage-limit' });
    expect(decideRetry({ reason: 'transient', message: '', retryAfterMs: 5_000 }, 0, 2, p, 0)).toEqual({ action: 'retry', delayMs: 5_000 });
  });
});
