// Hand-made event sequences for the reporters' unit tests.
import { asTaskId, EVENTS_VERSION, type OrchestraEvent, type Plan, type Task, type TaskId } from '@orchestra/core';
import { makePlan } from '@orchestra/core/testing';

export const T0 = Date.parse('2026-01-01T12:00:00.000Z');

type Body = OrchestraEvent extends infer E ? (E extends OrchestraEvent ? Omit<E, 'v' | 'time'> : never) : never;

export function at(ms: number, body: Body): OrchestraEvent {
  return { v: EVENTS_VERSION, time: new Date(T0 + ms).toISOString(), ...body } as OrchestraEvent;
}

export const id = asTaskId;

/** A plan shape for summaries: html -> (logic, styling) -> check, plus lint (independent). */
export function samplePlan(): Plan {
  const deps: Record<string, string[]> = { html: [], logic: ['html'], styling: ['html'], check: ['logic', 'styling'], lint: [] };
  return makePlan(
    Object.entries(deps).map(([name, dependsOn]) => ({ id: name, dependsOn })),
    { file: '/w/orchestra.config.yaml', root: '/w', name: 'demo' },
  );
}

/** A whole Plan around hand-made tasks (the fields the reporters do not read get defaults). */
export function planOf(tasks: Map<TaskId, Task>, name = 'demo'): Plan {
  return makePlan([...tasks.values()], { file: '/w/orchestra.config.yaml', root: '/w', name });
}

const usage = { inputTokens: 1000, outputTokens: 500, cacheReadInputTokens: 2000, cacheCreationInputTokens: 0 };

/** A run where html succeeds, lint is cached, logic retries then succeeds, styling fails, check is skipped. */
export function sampleRun(): OrchestraEvent[] {
  return [
    at(0, { type: 'run-started', runId: 'r1', plan: { name: 'demo', file: '/w/orchestra.config.yaml' }, concurrency: 2, schedule: 'eager', taskCount: 5 }),
    at(1, { type: 'task-cached', id: id('lint'), reason: 'inputs unchanged since run r0' }),
    ...['check', 'html', 'logic', 'styling'].map((name) => at(2, { type: 'task-queued', id: id(name) })),
    at(10, { type: 'task-started', id: id('html'), attempt: 1, logFile: '.orchestra/logs/html/1.log' }),
    at(500, { type: 'task-progress', id: id('html'), attempt: 1, message: 'Write index.html', costUsd: 0.01 }),
    at(1010, { type: 'task-succeeded', id: id('html'), attempt: 1, durationMs: 1000, costUsd: 0.02, usage, outputs: { 'index.html': 'abc' } }),
    at(1020, { type: 'task-started', id: id('logic'), attempt: 1, logFile: '.orchestra/logs/logic/1.log' }),
    at(1020, { type: 'task-started', id: id('styling'), attempt: 1, logFile: '.orchestra/logs/styling/1.log' }),
    at(1500, { type: 'task-output', id: id('styling'), attempt: 1, stream: 'stderr', line: 'boom' }),
    at(2020, {
      type: 'task-failed',
      id: id('styling'),
      attempt: 1,
      durationMs: 1000,
      failure: { reason: 'exit-non-zero', message: 'exit code 1', detail: 'line 1\nboom' },
    }),
    at(2020, { type: 'task-skipped', id: id('check'), reason: 'dependency styling failed' }),
    at(3020, {
      type: 'task-retrying',
      id: id('logic'),
      attempt: 1,
      delayMs: 500,
      failure: { reason: 'verify-failed', message: 'node --test failed' },
      durationMs: 2000,
      costUsd: 0.05,
    }),
    at(3520, { type: 'task-started', id: id('logic'), attempt: 2, logFile: '.orchestra/logs/logic/2.log' }),
    at(6520, { type: 'task-succeeded', id: id('logic'), attempt: 2, durationMs: 3000, costUsd: 0.1, usage, outputs: {} }),
    at(6600, {
      type: 'run-finished',
      status: 'failed',
      durationMs: 6600,
      counts: { succeeded: 2, cached: 1, failed: 1, skipped: 1, notRun: 0 },
      costUsd: 0.17,
      usage: { inputTokens: 2000, outputTokens: 1000, cacheReadInputTokens: 4000, cacheCreationInputTokens: 0 },
    }),
  ];
}
