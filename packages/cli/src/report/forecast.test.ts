import { asTaskId, buildGraph, newTaskState, type AttemptRecord, type Task, type TaskId, type TaskState } from '@orchestra/core';
import { describe, expect, it } from 'vitest';
import { forecast as forecastOf, simulateMakespan, simulateWaves, type ForecastTask } from './forecast.ts';
import { planOf } from './sample-events.test-helper.ts';

function forecast(tasks: ForecastTask[], concurrency: number) {
  const plan = planOf(new Map(tasks.map((t) => [t.id, { id: t.id, dependsOn: [...t.dependsOn] } as Task])));
  return forecastOf(tasks, concurrency, buildGraph(plan));
}

const id = asTaskId;
function task(name: string, deps: string[], run: boolean, durationMs?: number, costUsd?: number, locks?: string[]): ForecastTask {
  const t: ForecastTask = { id: id(name), dependsOn: deps.map(id) as TaskId[], run, reason: run ? 'changed' : 'cached' };
  if (durationMs !== undefined) t.durationMs = durationMs;
  if (costUsd !== undefined) t.costUsd = costUsd;
  if (locks) t.locks = locks;
  return t;
}

describe('forecast', () => {
  it('sums what would run, finds its critical path and simulates the makespan', () => {
    const tasks = [
      task('html', [], false, 10_000, 0.1),
      task('logic', ['html'], true, 30_000, 0.5),
      task('styling', ['html'], true, 20_000, 0.25),
      task('check', ['logic', 'styling'], true, 5_000, 0),
    ];
    const result = forecast(tasks, 4);
    expect(result.toRun).toEqual(['logic', 'styling', 'check']);
    expect(result.cached).toEqual(['html']);
    expect(result.workMs).toEqual({ known: 55_000, unknown: [] });
    expect(result.costUsd).toEqual({ known: 0.75, unknown: [] });
    expect(result.criticalPath).toEqual({ ids: ['logic', 'check'], durationMs: 35_000, lowerBound: false });
    expect(result.makespan).toEqual({ durationMs: 35_000, lowerBound: false, concurrency: 4 });
    expect(forecast(tasks, 1).makespan.durationMs).toBe(55_000);
  });

  it('keeps unknown history unknown and marks time figures as lower bounds', () => {
    const result = forecast([task('a', [], true, 1000, 0.1), task('b', ['a'], true)], 2);
    expect(result.costUsd).toEqual({ known: 0.1, unknown: ['b'] });
    expect(result.workMs.unknown).toEqual(['b']);
    expect(result.makespan.lowerBound).toBe(true);
  });

  it('never runs two tasks sharing a lock at once, and fills free slots with the longest chain first', () => {
    expect(simulateMakespan([task('a', [], true, 10, 0, ['db']), task('b', [], true, 10, 0, ['db'])], 4)).toBe(20);
    // Overlapping outputs keep tasks apart as the engine does; disjoint ones run together.
    const writes = (name: string, outputs: string[]): ForecastTask => ({ ...task(name, [], true, 10), outputs });
    expect(simulateMakespan([writes('a', ['src/**']), writes('b', ['src/x.ts'])], 4)).toBe(20);
    expect(simulateMakespan([writes('a', ['src/**']), writes('b', ['docs/x.md'])], 4)).toBe(10);
    // With 2 slots: long chain x->y first keeps the makespan at 20, not 25.
    const tasks = [task('x', [], true, 10), task('y', ['x'], true, 10), task('p', [], true, 5), task('q', [], true, 5), task('r', [], true, 5)];
    expect(simulateMakespan(tasks, 2)).toBe(20);
  });
});

describe('waves', () => {
  it('adds up the waves: a short task waits for the longest of the wave before it', () => {
    const tasks = [task('a', [], true, 10), task('b', [], true, 30), task('c', ['a'], true, 10)];
    expect(simulateMakespan(tasks, 4)).toBe(30);
    expect(simulateWaves(tasks, [[id('a'), id('b')], [id('c')]], 4)).toBe(40);
  });
});

describe('forecast text', () => {
  it('says unknown, never $0, for what has no history, and marks lower bounds', async () => {
    const { renderForecastText } = await import('./forecast-text.ts');
    const { plainStyle } = await import('./terminal-style.ts');
    const text = renderForecastText(forecast([task('a', [], true, 2000, 0.5), task('b', ['a'], true)], 2), { style: plainStyle, columns: 100 }).join('\n');
    expect(text).toMatch(/^ {2}b +run +unknown +unknown +changed$/m);
    expect(text).toContain('Expected cost: $0.50 + unknown for 1 task without history: b');
    expect(text).toContain('Expected makespan at concurrency 2: at least 2.0s');
    expect(text).toContain('Critical path: a -> b (at least 2.0s)');
    const none = renderForecastText(forecast([task('a', [], false, 2000, 0.5)], 2), { style: plainStyle, columns: 100 }).join('\n');
    expect(none).toContain('Nothing to run: all 1 tasks are cached. Expected cost: $0.');
  });
});

describe('lastExecution', () => {
  const attempt = (runId: string, durationMs: number, extra: Omit<Partial<AttemptRecord>, 'logFile'> = {}): AttemptRecord => ({
    number: 1,
    runId,
    startedAt: '2026-01-01T12:00:00.000Z',
    endedAt: '2026-01-01T12:00:01.000Z',
    outcome: 'succeeded',
    logFile: '.orchestra/logs/t/1.log',
    durationMs,
    ...extra,
  });
  const record = (attempts: AttemptRecord[]): TaskState => ({ ...newTaskState('2026-01-01T12:00:00.000Z'), attempts });

  it('takes the last run that ran the task to an end, not one a Ctrl-C or a kill cut short', async () => {
    const { lastExecution } = await import('./forecast-plan.ts');
    const whole = attempt('r1', 20_000, { costUsd: 0.5 });
    const cut = attempt('r2', 4_700, { outcome: 'failed', costUsd: 0.1, failure: { reason: 'interrupted', message: 'interrupted' } });
    const killed: AttemptRecord = { number: 3, runId: 'r3', startedAt: '2026-01-01T12:00:00.000Z', outcome: 'running', logFile: '.orchestra/logs/t/3.log' };
    expect(lastExecution(record([whole, cut]), false)).toEqual({ durationMs: 20_000, costUsd: 0.5 });
    expect(lastExecution(record([whole, cut, killed]), false)).toEqual({ durationMs: 20_000, costUsd: 0.5 });
    // A retry's attempts add up; the latest whole run wins over older ones.
    const retried = [attempt('r4', 1_000, { outcome: 'failed', failure: { reason: 'exit-non-zero', message: 'exit 1' } }), attempt('r4', 2_000)];
    expect(lastExecution(record([whole, cut, ...retried]), false)).toEqual({ durationMs: 3_000 });
    expect(lastExecution(record([cut]), true)).toEqual({ costUsd: 0 });
  });
});
