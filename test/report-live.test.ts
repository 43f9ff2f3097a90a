// End to end: the live view of a real `orchestra run` in a real pseudo-terminal (tmux, 80x30). It
// draws the running tasks in place, updates them, and leaves a clean screen with the final table
// and the cursor back, also after Ctrl-C.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, ORCHESTRA_BIN, tempWorkspace } from './report-support/cli.ts';
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
    run: ${worker(6)}
    dependsOn: [prepare]
  build-backend:
    run: ${worker(8)}
    dependsOn: [prepare]
  build-docs:
    run: ${worker(4)}
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
});
