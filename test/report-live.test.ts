// End to end: the live view of a real `orchestra run` in a real pseudo-terminal (tmux, 80x30). It
// draws the running tasks in place, updates them, and leaves a clean screen with the final table
// and the cursor back, also after Ctrl-C.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, orchestra, ORCHESTRA_BIN, REPO, tempWorkspace } from './report-support/cli.ts';
import { openTmux, type TmuxTerminal } from './report-support/tmux-terminal.ts';

// Each worker prints a step every 250 ms, so the view has an action to show and time passes.
const worker = (steps: number) => `[node, -e, "let i = 0; const t = setInterval(() => { console.log('step ' + ++i); if (i === ${steps}) clearInterval(t); }, 250)"]`;

const PLAN = `version: 1
name: live
concurrency: 3
defaults:
  agent: command
tasks:
  prepare:
    run: ${worker(2)}
  build-frontend:
    run: ${worker(8)}
    dependsOn: [prepare]
  build-backend:
    run: ${worker(14)}
    dependsOn: [prepare]
  build-docs:
    run: ${worker(6)}
    dependsOn: [prepare]
  package:
    run: ${worker(2)}
    dependsOn: [build-frontend, build-backend, build-docs]
`;

const HANGING = `version: 1
name: hang
defaults:
  agent: command
tasks:
  quick:
    run: [node, -e, "0"]
  forever:
    run: [node, -e, "console.log('waiting for Godot'); setInterval(() => {}, 1000)"]
    dependsOn: [quick]
  never:
    run: [node, -e, "0"]
    dependsOn: [forever]
`;

const SPINNERS = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const COUNTS = /\d+\/\d+ done · \d+ running · \d+ queued/;

let terminal: TmuxTerminal | undefined;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await terminal?.close();
  await cleanup?.();
  terminal = undefined;
  cleanup = undefined;
});

async function start(plan: string): Promise<TmuxTerminal> {
  const workspace = await tempWorkspace({ 'orchestra.config.yaml': plan });
  cleanup = workspace.cleanup;
  // A shell waits after orchestra ends, so the test can read the exit status and see whether the
  // cursor was given back (tmux hides it once a pane's command is gone). The command travels as
  // arguments, not spliced into the script.
  const script = 'trap : INT; "$@"; echo "[orchestra exited $?]"; exec sleep 300';
  terminal = await openTmux(['sh', '-c', script, 'sh', process.execPath, ORCHESTRA_BIN, 'run'], {
    cwd: workspace.dir,
    env: cleanEnv({ TERM: 'xterm-256color', LANG: 'C.UTF-8' }),
  });
  return terminal;
}

async function exitOf(term: TmuxTerminal): Promise<number> {
  const screen = await term.waitFor((s) => s.some((line) => /^\[orchestra exited \d+\]$/.test(line)), 60_000, true);
  return Number(/^\[orchestra exited (\d+)\]$/.exec(screen.find((line) => line.startsWith('[orchestra exited'))!)![1]);
}

function expectCleanFinalScreen(screen: string[]): void {
  expect(screen.some((line) => SPINNERS.test(line))).toBe(false);
  expect(screen.some((line) => COUNTS.test(line))).toBe(false);
  for (const line of screen) expect(line.length).toBeLessThanOrEqual(80);
}

describe('the live view in a terminal', () => {
  it('draws running tasks with their latest action, updates in place, and ends on the final table', async () => {
    const term = await start(PLAN);
    // Three builds at once: one line each with id, elapsed time, attempt and the last line printed.
    const running = await term.waitFor((s) => s.filter((line) => /^\S+ build-\w+ +\d+s +#1 +step \d/.test(line)).length === 3);
    expect(running.filter((line) => COUNTS.test(line))).toHaveLength(1);
    // package waits for the builds: it counts as queued.
    expect(running.find((line) => COUNTS.test(line))).toMatch(/^1\/5 done · 3 running · 1 queued · 0 cached · 0 failed · \$0 · \d+s$/);
    // Updates in place: finished tasks scroll above as single lines, the frame stays one block.
    const later = await term.waitFor((s) => s.some((line) => /^✔ build-docs succeeded in /.test(line)));
    expect(later.filter((line) => COUNTS.test(line)).length).toBeLessThanOrEqual(1);
    expect(later.filter((line) => /^✔ prepare succeeded/.test(line))).toHaveLength(1);

    expect(await exitOf(term)).toBe(0);
    const screen = await term.screen(true);
    expectCleanFinalScreen(screen);
    const table = screen.findIndex((line) => /^task +status +attempts +time +cost +tokens +why$/.test(line));
    expect(table).toBeGreaterThan(0);
    expect(screen.slice(table + 1, table + 6).map((line) => line.split(/ +/)[0]).sort()).toEqual([
      'build-backend',
      'build-docs',
      'build-frontend',
      'package',
      'prepare',
    ]);
    expect(screen.join('\n')).toMatch(/Critical path: prepare → build-backend → package \(/);
    expect(screen.join('\n')).toContain('orchestra: live succeeded');
    // Each task finished once, as one line above the table.
    for (const id of ['prepare', 'build-frontend', 'build-backend', 'build-docs', 'package']) {
      expect(screen.filter((line) => line.startsWith(`✔ ${id} succeeded in `))).toHaveLength(1);
    }
    expect(await term.cursorVisible()).toBe(true);
  });

  it('on Ctrl-C: stops the run, erases the view, prints the table and gives the cursor back', async () => {
    const term = await start(HANGING);
    await term.waitFor((s) => s.some((line) => /forever +\d+s +#1 +waiting for Godot/.test(line)));
    expect(await term.cursorVisible()).toBe(false);
    await term.sendKeys('C-c');
    expect(await exitOf(term)).toBe(130);
    const screen = await term.screen(true);
    expectCleanFinalScreen(screen);
    const text = screen.join('\n');
    expect(text).toMatch(/^quick +✔ succeeded +1 /m);
    expect(text).toMatch(/^forever +\S+ (interrupted|failed) +1 /m);
    expect(text).toMatch(/^never +\S+ (not run|skipped) /m);
    expect(text).toContain('orchestra: hang was interrupted');
    expect(await term.cursorVisible()).toBe(true);
  });

  it('holds 50 running tasks in 80x30 without garbling: every row fits, the rest is "+N more"', async () => {
    // Fifty real processes would swamp a small CI machine; the engine's events are replayed instead.
    const workspace = await tempWorkspace({});
    cleanup = workspace.cleanup;
    const t0 = Date.parse('2026-01-01T12:00:00Z');
    const events: object[] = [];
    const at = (ms: number, body: object) => events.push({ v: 1, time: new Date(t0 + ms).toISOString(), ...body });
    at(0, { type: 'run-started', runId: 'r', plan: { name: 'wide', file: 'x.yaml' }, concurrency: 50, schedule: 'eager', taskCount: 50 });
    const id = (i: number) => `a-task-with-a-long-descriptive-name-${String(i).padStart(2, '0')}`;
    for (let i = 0; i < 50; i += 1) at(10 + i, { type: 'task-started', id: id(i), attempt: 1, logFile: 'x.log' });
    for (let i = 0; i < 50; i += 1) {
      at(500 + i, { type: 'task-progress', id: id(i), attempt: 1, message: `Bash npm test -- --grep "${'case '.repeat(20)}"`, costUsd: 0.01 });
    }
    for (let i = 0; i < 50; i += 1) at(2500 + i * 20, { type: 'task-succeeded', id: id(i), attempt: 1, durationMs: 2400, costUsd: 0.02, outputs: {} });
    at(3600, {
      type: 'run-finished',
      status: 'succeeded',
      durationMs: 3600,
      counts: { succeeded: 50, cached: 0, failed: 0, skipped: 0, notRun: 0 },
      costUsd: 1,
      usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    });
    const file = path.join(workspace.dir, 'events.ndjson');
    await writeFile(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const script = '"$@"; echo "[replay exited $?]"; exec sleep 300';
    terminal = await openTmux(['sh', '-c', script, 'sh', process.execPath, path.join(REPO, 'test/report-support/replay-events.ts'), file], {
      cwd: REPO,
      env: cleanEnv({ TERM: 'xterm-256color', LANG: 'C.UTF-8' }),
    });
    const busy = await terminal.waitFor((s) => s.some((line) => line.includes('50 running') && line.includes('$0.50')));
    expect(busy.length).toBeLessThanOrEqual(30);
    for (const line of busy) expect(line.length).toBeLessThan(80);
    const rows = busy.filter((line) => /^\S a-task-with-…ive-name-\d\d +\d+s +#1 +Bash npm test/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(busy.at(-2)).toBe(`+${50 - rows.length} more running`);
    expect(busy.at(-1)).toMatch(/^0\/50 done · 50 running · 0 queued · 0 cached · 0 failed · \$0\.50 · \d+s$/);
    const end = await terminal.waitFor((s) => s.some((line) => line.startsWith('[replay exited 0]')), 60_000, true);
    expectCleanFinalScreen(end);
    expect(end.filter((line) => /^✔ a-task-with-a-long-descriptive-name-\d\d succeeded in 2\.4s/.test(line))).toHaveLength(50);
    expect(end.join('\n')).toContain('orchestra: wide succeeded');
  });

  it('orchestra reset asks on a terminal before it clears anything', async () => {
    const workspace = await tempWorkspace({ 'orchestra.config.yaml': HANGING.replace('setInterval(() => {}, 1000)', '0') });
    cleanup = workspace.cleanup;
    const first = await orchestra(['run'], { cwd: workspace.dir });
    expect(first.code, first.stderr).toBe(0);
    const script = '"$@"; echo "[reset exited $?]"; exec sleep 300';
    const env = cleanEnv({ TERM: 'xterm-256color', LANG: 'C.UTF-8' });
    terminal = await openTmux(['sh', '-c', script, 'sh', process.execPath, ORCHESTRA_BIN, 'reset', 'forever'], { cwd: workspace.dir, env });
    await terminal.waitFor((s) => s.join('').includes('Clear the recorded state of 2 task(s): forever, never? [y/N]'));
    await terminal.sendKeys('n', 'Enter');
    await terminal.waitFor((s) => s.includes('[reset exited 1]'));
    expect((await orchestra(['graph'], { cwd: workspace.dir })).stdout).toContain('"forever<br/>succeeded');
    await terminal.close();
    terminal = await openTmux(['sh', '-c', script, 'sh', process.execPath, ORCHESTRA_BIN, 'reset', 'forever'], { cwd: workspace.dir, env });
    await terminal.waitFor((s) => s.join('').endsWith('[y/N]'));
    await terminal.sendKeys('y', 'Enter');
    const screen = await terminal.waitFor((s) => s.includes('[reset exited 0]'));
    expect(screen.join('')).toContain('cleared 2 task(s): forever, never');
    const graph = (await orchestra(['graph'], { cwd: workspace.dir })).stdout;
    expect(graph).toContain('("forever")');
    expect(graph).toContain('"quick<br/>succeeded');
  });
});
