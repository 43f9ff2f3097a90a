import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../io.ts';
import { createReporter } from './create-reporter.ts';
import { sampleRun, samplePlan, T0 } from './sample-events.test-helper.ts';

const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

function capture(tty = false) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; rows?: number };
  if (tty) Object.assign(stream, { isTTY: true, columns: 80, rows: 24 });
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function io(env: Record<string, string>, tty = false) {
  const out = capture(tty);
  const err = capture(tty);
  const value: CliIo = { stdout: out.stream, stderr: err.stream, env, cwd: dir ?? os.tmpdir() };
  return { io: value, out, err };
}

async function play(reporter: Awaited<ReturnType<typeof createReporter>>) {
  for (const event of sampleRun()) reporter.onEvent(event);
  await reporter.close?.();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('createReporter', () => {
  it('--json: stdout carries only NDJSON events; the human lines and table go to stderr', async () => {
    const { io: cli, out, err } = io({});
    await play(await createReporter({ io: cli, json: true, plan: samplePlan(), now: () => T0 + 7000 }));
    const lines = out.text().trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(sampleRun().map((e) => e.type));
    expect(err.text()).toContain('x styling failed: exit code 1');
    expect(err.text()).toContain('Critical path: html -> logic (6.0s)');
    expect(err.text()).not.toContain('::error');
  });

  it('in GitHub Actions: plain lines with an ::error per failed task, the step summary and --report written', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-report-'));
    const stepSummary = path.join(dir, 'summary.md');
    await writeFile(stepSummary, '# earlier step\n');
    const { io: cli, out } = io({ CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary, LANG: 'C.UTF-8' }, true);
    await play(await createReporter({ io: cli, json: false, plan: samplePlan(), reportFile: 'out/report.md', now: () => T0 + 7000 }));
    expect(out.text()).not.toMatch(/\u001B/);
    expect(out.text()).toContain('::error title=orchestra%3A task styling failed::exit code 1%0Aline 1%0Aboom');
    expect(out.text()).toContain('✖ styling failed');
    const report = await readFile(path.join(dir, 'out/report.md'), 'utf8');
    expect(report).toContain('## orchestra: demo failed');
    expect(await readFile(stepSummary, 'utf8')).toBe(`# earlier step\n${report}\n`);
  });

  it('on a TTY: draws in place, then erases the frame, prints the table and shows the cursor again', async () => {
    const { io: cli, out } = io({ TERM: 'xterm', LANG: 'en_US.UTF-8' }, true);
    let now = T0;
    const reporter = await createReporter({ io: cli, json: false, plan: samplePlan(), now: () => now, intervalMs: 5 });
    for (const event of sampleRun().slice(0, 12)) reporter.onEvent(event);
    now = T0 + 3100;
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text()).toContain('\u001B[?25l');
    expect(stripAnsi(out.text())).toMatch(/styling +2s +#1 +boom/);
    for (const event of sampleRun().slice(12)) reporter.onEvent(event);
    await reporter.close?.();
    const text = out.text();
    expect(text.endsWith('\u001B[?25h')).toBe(true);
    const tail = text.slice(text.lastIndexOf('\u001B[G') + 3);
    expect(tail).toContain('Critical path');
    // A failure scrolls up as one line; its output tail and log come once, under the table.
    const plain = stripAnsi(text);
    expect(plain).toContain('✖ styling failed: exit code 1\n');
    expect(plain.match(/^ {4}boom$/gm)).toHaveLength(1);
    expect(plain.indexOf('    boom')).toBeGreaterThan(plain.indexOf('Critical path'));
    expect(plain).toContain('    log: .orchestra/logs/styling/1.log');
    expect(tail).toMatch(/\u001B\[32m✔ succeeded/);
  });

  it('NO_COLOR and a non-UTF-8 locale give plain ASCII on a TTY', async () => {
    const { io: cli, out } = io({ TERM: 'xterm', NO_COLOR: '1', LANG: 'C' }, true);
    await play(await createReporter({ io: cli, json: false, plan: samplePlan(), now: () => T0 + 7000 }));
    const text = out.text().replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
    expect(text).not.toMatch(/[^\x00-\x7F]/);
    expect(out.text()).not.toMatch(/\u001B\[3\dm/);
    expect(text).toContain('ok succeeded');
  });

  it('prints no table for a run refused before any task (e.g. another run holds the lock)', async () => {
    const { io: cli, out } = io({ TERM: 'xterm', LANG: 'C.UTF-8' }, true);
    const reporter = await createReporter({ io: cli, json: false, plan: samplePlan(), now: () => T0 });
    reporter.onEvent(sampleRun()[0]!);
    await reporter.close?.();
    expect(out.text()).not.toContain('task ');
    expect(out.text()).not.toContain('orchestra: demo');
    expect(out.text().endsWith('\u001B[?25h')).toBe(true);
  });

  it('off a TTY and with --json, what waits for the end of the turn is written by close(), and by a refused run\'s close too', async () => {
    // A stream that records each write as it happens (no buffering of its own).
    const sync = () => {
      const chunks: string[] = [];
      return { stream: Object.assign(new PassThrough(), { write: (chunk: string) => (chunks.push(chunk), true) }), text: () => chunks.join('') };
    };
    for (const refused of [false, true]) {
      const out = sync();
      const err = sync();
      const reporter = await createReporter({ io: { stdout: out.stream, stderr: err.stream, env: {}, cwd: os.tmpdir() }, json: true, plan: samplePlan(), now: () => T0 + 7000 });
      const events = refused ? sampleRun().slice(0, 1) : sampleRun();
      for (const event of events) reporter.onEvent(event);
      expect(out.text()).toBe(''); // buffered: one write per turn
      await reporter.close?.(); // no turn of the event loop in between
      expect(out.text().trimEnd().split('\n').map((l) => JSON.parse(l).type)).toEqual(events.map((e) => e.type));
      expect(err.text()).toContain(refused ? 'orchestra: running demo' : 'orchestra: demo failed');
    }
  });

  it('keeps going quietly when the reader of --json goes away (a closed pipe)', async () => {
    const { io: cli, out, err } = io({});
    const reporter = await createReporter({ io: cli, json: true, plan: samplePlan(), now: () => T0 + 7000 });
    const events = sampleRun();
    reporter.onEvent(events[0]!);
    out.stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await new Promise((resolve) => setImmediate(resolve));
    for (const event of events.slice(1)) reporter.onEvent(event);
    await reporter.close?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text().trimEnd().split('\n')).toHaveLength(1);
    expect(err.text()).toContain('orchestra: demo failed');
  });
  it('off a TTY, past 50 cached tasks: one line each for the first 50, then one line counts the rest', async () => {
    const { io: cli, out } = io({ CI: '1' });
    const reporter = await createReporter({ io: cli, json: false, now: () => T0 + 10 });
    const ids = Array.from({ length: 120 }, (_, i) => `t${String(i).padStart(3, '0')}`);
    reporter.onEvent({ type: 'run-started', runId: 'r1', plan: { name: 'big', file: '/w/orchestra.config.yaml' }, concurrency: 2, schedule: 'eager', taskCount: ids.length } as never);
    for (const id of ids) reporter.onEvent({ type: 'task-cached', id, reason: 'unchanged since its last success' } as never);
    reporter.onEvent({
      type: 'run-finished',
      status: 'succeeded',
      durationMs: 10,
      counts: { succeeded: 0, cached: ids.length, failed: 0, skipped: 0, notRun: 0 },
      costUsd: 0,
      usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    } as never);
    await reporter.close?.();
    await new Promise((resolve) => setImmediate(resolve));
    const text = stripAnsi(out.text());
    expect(text).toContain('t049 cached: unchanged since its last success');
    expect(text).not.toContain('t050 cached');
    expect(text).toContain('70 more tasks cached: unchanged since their last success (not listed one by one)');
    expect(text).toContain('cached: 120 tasks, unchanged since their last success (not listed)');
  });
});
