import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderLiveFrame } from './live-frame.ts';
import { applyEvent, emptyRunView } from './run-view.ts';
import { makeStyle, plainStyle } from './terminal-style.ts';
import { at, id, sampleRun, T0 } from './sample-events.test-helper.ts';

function manyRunning(count: number) {
  const view = emptyRunView();
  applyEvent(view, at(0, { type: 'run-started', runId: 'r', plan: { name: 'big', file: 'p.yaml' }, concurrency: count, schedule: 'eager', taskCount: count }));
  for (let i = 0; i < count; i += 1) {
    const task = id(`a-rather-long-task-identifier-number-${i}`);
    applyEvent(view, at(i, { type: 'task-started', id: task, attempt: 1, logFile: 'x.log' }));
    applyEvent(view, at(i + 1, { type: 'task-progress', id: task, attempt: 1, message: `Bash npm test -- --grep "${'x'.repeat(80)}"`, costUsd: 0.5 }));
  }
  return view;
}

describe('live frame', () => {
  it('holds 50 running tasks in an 80x30 terminal: every line fits, the rest is "+N more"', () => {
    const style = makeStyle({ color: true, unicode: true });
    const lines = renderLiveFrame(manyRunning(50), { now: T0 + 65_000, columns: 79, rows: 30, style });
    expect(lines.length).toBeLessThanOrEqual(29);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(79);
    expect(lines.at(-2)).toContain('+23 more running');
    expect(lines.at(-1)).toContain('0/50 done');
    expect(lines.at(-1)).toContain('50 running');
    expect(lines.at(-1)).toContain('$25.00');
  });

  it('shows id, elapsed time, attempt, latest action and cost of each running task', () => {
    const view = emptyRunView();
    for (const event of sampleRun().slice(0, 12)) applyEvent(view, event);
    const lines = renderLiveFrame(view, { now: T0 + 13_020, columns: 79, rows: 24, style: plainStyle });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^. +logic +12s  #1  starting$/);
    expect(lines[1]).toMatch(/^. +styling +12s  #1  boom$/);
    expect(lines[2]).toBe('2/5 done | 2 running | 1 queued | 1 cached | 0 failed | $0.0200 | 13s');
  });

  it('shows a retrying task with its failure and the wait', () => {
    const view = emptyRunView();
    for (const event of sampleRun().slice(0, 15)) applyEvent(view, event);
    const lines = renderLiveFrame(view, { now: T0 + 3_100, columns: 79, rows: 24, style: plainStyle });
    expect(lines[0]).toMatch(/^~ +logic .*#1  retry in 0s: node --test failed +\$0\.0500$/);
  });

  it('shows a task waiting for a usage limit with the time left', () => {
    const view = emptyRunView();
    applyEvent(view, at(0, { type: 'task-started', id: id('spec'), attempt: 1, logFile: 'x' }));
    applyEvent(view, at(1000, { type: 'task-waiting', id: id('spec'), attempt: 1, untilTime: new Date(T0 + 301_000).toISOString(), reason: 'usage limit reached' }));
    const lines = renderLiveFrame(view, { now: T0 + 61_000, columns: 79, rows: 24, style: plainStyle });
    expect(lines[0]).toMatch(/^\.\.\. spec .* #1  waiting 4m00s: usage limit reached$/);
    expect(lines[1]).toContain('1 running');
  });

  it('keeps only the id when the terminal is very narrow', () => {
    const lines = renderLiveFrame(manyRunning(3), { now: T0 + 5_000, columns: 30, rows: 10, style: plainStyle });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(lines[0]).toMatch(/a-rather-lon\.\.\.-number-/);
  });
});
