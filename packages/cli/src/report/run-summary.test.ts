import { describe, expect, it } from 'vitest';
import { summaryPlanOf } from './create-reporter.ts';
import { applyEvent, countTasks, emptyRunView } from './run-view.ts';
import { summarizeRun } from './run-summary.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';
import { renderSummaryText } from './summary-text.ts';
import { plainStyle } from './terminal-style.ts';
import { at, id, sampleRun, samplePlan } from './sample-events.test-helper.ts';

function folded() {
  const view = emptyRunView();
  for (const event of sampleRun()) applyEvent(view, event);
  return view;
}

describe('run summary', () => {
  it('counts attempts, time and cost of every attempt, and why tasks were cached or skipped', () => {
    const summary = summarizeRun(folded(), summaryPlanOf(samplePlan()));
    const byId = Object.fromEntries(summary.rows.map((r) => [r.id, r]));
    expect(byId.logic).toMatchObject({ status: 'succeeded', attempts: 2, durationMs: 5000 });
    expect(byId.logic?.costUsd).toBeCloseTo(0.15);
    expect(byId.styling).toMatchObject({ status: 'failed', attempts: 1, note: 'exit code 1' });
    expect(byId.lint).toMatchObject({ status: 'cached', attempts: 0, note: 'inputs unchanged since run r0' });
    expect(byId.check).toMatchObject({ status: 'skipped', note: 'dependency styling failed' });
    expect(summary.taskMs).toBe(7000);
    expect(summary.wallMs).toBe(6600);
    expect(summary.criticalPath).toEqual({ ids: ['html', 'logic'], durationMs: 6000 });
    expect(summary.costUsd).toBeCloseTo(0.17);
    expect(summary.tokens).toBe(7000);
  });

  it('renders a table that fits 80 columns, with totals, speed-up and critical path', () => {
    const lines = renderSummaryText(summarizeRun(folded(), summaryPlanOf(samplePlan())), { style: plainStyle, columns: 80 });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    expect(text).toMatch(/^task +status +attempts +time +cost +tokens +why$/m);
    expect(text).toMatch(/^logic +ok succeeded +2 +5\.0s +\$0\.15 +3\.5k$/m);
    expect(text).toMatch(/^lint +\= cached +- +- +- +- +inputs unchanged sinc\.\.\.$/m);
    expect(text).toContain('Total: $0.17, 7.0k tokens');
    expect(text).toContain('Time: 6.6s wall for 7.0s of task time (1.1x parallel speed-up)');
    expect(text).toContain('Critical path: html -> logic (6.0s)');
    expect(text).toContain('orchestra: demo failed');
  });

  it('counts cached tasks on one line instead of listing them when there are many rows', () => {
    const view = emptyRunView();
    const events = sampleRun();
    const cachedIds = Array.from({ length: 60 }, (_, i) => id(`c${String(i).padStart(2, '0')}`));
    for (const event of [...events.slice(0, 1), ...cachedIds.map((c) => at(1, { type: 'task-cached', id: c, reason: 'unchanged' })), ...events.slice(1)]) {
      applyEvent(view, event);
    }
    const text = renderSummaryText(summarizeRun(view), { style: plainStyle, columns: 80 }).join('\n');
    expect(text).toContain('= cached: 61 tasks, unchanged since their last success (not listed)');
    expect(text).not.toMatch(/^c00 /m);
    expect(text).not.toMatch(/^lint /m);
    expect(text).toMatch(/^logic +ok succeeded +2 /m);
    expect(text).toMatch(/^styling +x failed /m);
    // A few rows are all listed, cached ones too (the test above).
    expect(renderSummaryText(summarizeRun(folded()), { style: plainStyle, columns: 80 }).join('\n')).toMatch(/^lint += cached/m);
  });

  it('renders Markdown with escaped cells', () => {
    const view = folded();
    view.tasks.get(summaryPlanOf(samplePlan()).taskIds[0]!)!.reason = 'a | b';
    const markdown = renderSummaryMarkdown(summarizeRun(view, summaryPlanOf(samplePlan())));
    expect(markdown).toContain('## orchestra: demo failed');
    expect(markdown).toContain('| `styling` | ❌ failed | 1 | 1.0s | - | - | exit code 1 |');
    expect(markdown).toContain('**Critical path:** `html` → `logic` (6.0s)');
    expect(markdown).not.toMatch(/a \| b/);
  });

  it('marks tasks still queued when the run ended as not run, and running ones as interrupted with their time', () => {
    const view = emptyRunView();
    const events = sampleRun().slice(0, 11);
    for (const event of events) applyEvent(view, event);
    expect(countTasks(view)).toMatchObject({ done: 1, running: 2, queued: 1, cached: 1 });
    const summary = summarizeRun(view, summaryPlanOf(samplePlan()), Date.parse('2026-01-01T12:00:05Z'));
    expect(summary.status).toBe('unfinished');
    expect(summary.rows.find((r) => r.id === 'check')?.status).toBe('not run');
    expect(summary.rows.find((r) => r.id === 'logic')).toMatchObject({ status: 'interrupted', attempts: 1, durationMs: 3980 });
  });

  it("counts this run's attempts, not the engine's attempt number across runs", () => {
    const view = emptyRunView();
    applyEvent(view, at(0, { type: 'task-started', id: id('html'), attempt: 3, logFile: 'x' }));
    applyEvent(view, at(900, { type: 'task-succeeded', id: id('html'), attempt: 3, durationMs: 900, outputs: {} }));
    expect(summarizeRun(view).rows[0]).toMatchObject({ attempts: 1, durationMs: 900 });
  });

  it("lists the run's own tasks (not those --only left out) and says why those it never reached did not start", () => {
    const view = emptyRunView();
    const counts = { succeeded: 0, cached: 0, failed: 1, skipped: 0, notRun: 2 };
    const usage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
    const events = [
      at(0, { type: 'run-started', runId: 'r', plan: { name: 'demo', file: '/w/p.yaml' }, concurrency: 1, schedule: 'eager', taskCount: 3, tasks: ['html', 'logic', 'lint'].map(id) }),
      at(1, { type: 'task-queued', id: id('html') }),
      at(1, { type: 'task-queued', id: id('lint') }),
      at(2, { type: 'task-started', id: id('html'), attempt: 1, logFile: 'x' }),
      at(9, { type: 'task-failed', id: id('html'), attempt: 1, durationMs: 7, failure: { reason: 'exit-non-zero', message: 'exit code 1' } }),
      at(9, { type: 'run-finished', status: 'failed', durationMs: 9, counts, costUsd: 0, usage }),
    ];
    for (const event of events) applyEvent(view, event);
    const rows = summarizeRun(view, summaryPlanOf(samplePlan())).rows;
    expect(rows.map((r) => [r.id, r.status, r.note])).toEqual([
      ['html', 'failed', 'exit code 1'],
      ['lint', 'not run', 'not started: the run stopped after a failure'],
      ['logic', 'not run', 'not started: the run stopped after a failure'],
    ]);
  });
});
