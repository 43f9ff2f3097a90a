// What the reporters cost a run: folding events into the run view, drawing the live frame with 50
// running tasks in 80x30 (done every 100 ms), and the final summary of a 10,000-task run.
// Run: npx node bench/report-render.ts
import { PassThrough } from 'node:stream';
import { asTaskId, EVENTS_VERSION, type OrchestraEvent } from '../packages/core/src/index.ts';
import { createReporter } from '../packages/cli/src/report/create-reporter.ts';
import { renderLiveFrame } from '../packages/cli/src/report/live-frame.ts';
import { applyEvent, emptyRunView } from '../packages/cli/src/report/run-view.ts';
import { summarizeRun } from '../packages/cli/src/report/run-summary.ts';
import { renderSummaryText } from '../packages/cli/src/report/summary-text.ts';
import { makeStyle } from '../packages/cli/src/report/terminal-style.ts';

const t0 = Date.parse('2026-01-01T12:00:00Z');
const ev = (ms: number, body: Record<string, unknown>) => ({ v: EVENTS_VERSION, time: new Date(t0 + ms).toISOString(), ...body }) as OrchestraEvent;

function runEvents(tasks: number, progressPerTask: number): OrchestraEvent[] {
  const out: OrchestraEvent[] = [ev(0, { type: 'run-started', runId: 'r', plan: { name: 'b', file: 'b.yaml' }, concurrency: 50, schedule: 'eager', taskCount: tasks })];
  for (let i = 0; i < tasks; i += 1) {
    const id = asTaskId(`task-${i}`);
    out.push(ev(i, { type: 'task-queued', id }), ev(i + 1, { type: 'task-started', id, attempt: 1, logFile: 'x.log' }));
    for (let p = 0; p < progressPerTask; p += 1) out.push(ev(i + 2 + p, { type: 'task-progress', id, attempt: 1, message: `Bash npm test ${p}`, costUsd: 0.001 * p }));
    out.push(ev(i + 100, { type: 'task-succeeded', id, attempt: 1, durationMs: 99, costUsd: 0.01, outputs: {} }));
  }
  return out;
}

function time<T>(fn: () => T, repeats: number): { ms: number; value: T } {
  let value = fn();
  const start = performance.now();
  for (let i = 0; i < repeats; i += 1) value = fn();
  return { ms: (performance.now() - start) / repeats, value };
}

export async function benchReportRender() {
  const events = runEvents(10_000, 10);
  const fold = time(() => {
    const view = emptyRunView();
    for (const e of events) applyEvent(view, e);
    return view;
  }, 3);
  const live = emptyRunView();
  for (const e of runEvents(50, 3).filter((e) => e.type !== 'task-succeeded')) applyEvent(live, e);
  const style = makeStyle({ color: true, unicode: true });
  const frame = time(() => renderLiveFrame(live, { now: t0 + 5000, columns: 79, rows: 30, style }), 200);
  const summary = time(() => renderSummaryText(summarizeRun(fold.value), { style, columns: 120 }), 3);
  // The whole plain reporter (NDJSON + lines + summary) on a stream nobody reads.
  const sink = new PassThrough();
  sink.resume();
  const reporter = await createReporter({ io: { stdout: sink, stderr: sink, env: {}, cwd: '/' }, json: true });
  const whole = time(() => {
    for (const e of events) reporter.onEvent(e);
    void reporter.close?.();
  }, 1);
  return {
    events: events.length,
    foldUsPerEvent: (fold.ms * 1000) / events.length,
    frameMs: frame.ms,
    summaryMs: summary.ms,
    jsonAndPlainUsPerEvent: (whole.ms * 1000) / events.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchReportRender();
  console.log(`report: ${r.events} events of a 10,000-task run`);
  console.log(`  fold into the run view      ${r.foldUsPerEvent.toFixed(2)} µs/event`);
  console.log(`  live frame, 50 running      ${r.frameMs.toFixed(2)} ms/frame (drawn every 100 ms)`);
  console.log(`  final summary, 10,000 rows  ${r.summaryMs.toFixed(0)} ms`);
  console.log(`  --json + plain lines        ${r.jsonAndPlainUsPerEvent.toFixed(2)} µs/event`);
}
