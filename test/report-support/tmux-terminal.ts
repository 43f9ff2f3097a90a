// A real pseudo-terminal for end-to-end tests of the live view: a private tmux server (its own
// socket, no user config) runs one command in an 80x30 window; tests read the screen and send keys.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TmuxTerminal {
  /** The visible screen, or with `history` the scrollback too, one string per row, right-trimmed. */
  screen(history?: boolean): Promise<string[]>;
  /** Resolves with the screen once `test` holds (polling), or rejects after `timeoutMs`. */
  waitFor(test: (screen: string[]) => boolean, timeoutMs?: number, history?: boolean): Promise<string[]>;
  sendKeys(...keys: string[]): Promise<void>;
  /** The command's exit status once it ended, or undefined while it runs. */
  exitStatus(): Promise<number | undefined>;
  /** Resolves with the exit status once the command ended; rejects after `timeoutMs`. */
  waitForExit(timeoutMs?: number): Promise<number>;
  /** Whether the terminal's cursor is visible. */
  cursorVisible(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openTmux(
  argv: string[],
  options: { cwd: string; env: Record<string, string>; columns?: number; rows?: number },
): Promise<TmuxTerminal> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-tmux-'));
  const socket = path.join(dir, 'socket');
  const config = path.join(dir, 'tmux.conf');
  // remain-on-exit keeps the last screen of a command that ended, for the test to read.
  await writeFile(config, 'set -g remain-on-exit on\nset -g history-limit 5000\nset -g status off\n');
  // The server (and so the command) gets exactly `env`: nothing of the test runner's CI settings.
  // -u: the pane speaks UTF-8 whatever the runner's locale.
  const tmux = (...args: string[]) => run('tmux', ['-u', '-S', socket, '-f', config, ...args], { cwd: options.cwd, env: options.env });
  await tmux(
    'new-session',
    '-d',
    '-s',
    'test',
    '-x',
    String(options.columns ?? 80),
    '-y',
    String(options.rows ?? 30),
    '-c',
    options.cwd,
    '--',
    ...argv,
  );
  const screen = async (history = false) => {
    const { stdout } = await tmux('capture-pane', '-p', '-t', 'test', ...(history ? ['-S', '-5000'] : []));
    const rows = stdout.split('\n').map((line) => line.trimEnd());
    while (rows.length && rows[rows.length - 1] === '') rows.pop();
    return rows;
  };
  const exitStatus = async (): Promise<number | undefined> => {
    const { stdout } = await tmux('display-message', '-p', '-t', 'test', '#{pane_dead} #{pane_dead_status}');
    const [dead, status] = stdout.trim().split(' ');
    // A command killed by a signal has no status: -1.
    return dead === '1' ? (status ? Number(status) : -1) : undefined;
  };
  return {
    screen,
    exitStatus,
    async waitFor(test, timeoutMs = 60_000, history = false) {
      const deadline = Date.now() + timeoutMs;
      let last: string[] = [];
      while (Date.now() < deadline) {
        last = await screen(history);
        if (test(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the terminal never showed what the test waited for; last screen:\n${last.join('\n')}`);
    },
    async sendKeys(...keys) {
      await tmux('send-keys', '-t', 'test', ...keys);
    },
    async waitForExit(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const status = await exitStatus();
        if (status !== undefined) return status;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the command did not end; last screen:\n${(await screen()).join('\n')}`);
    },
    async cursorVisible() {
      const { stdout } = await tmux('display-message', '-p', '-t', 'test', '#{cursor_flag}');
      return stdout.trim() === '1';
    },
    async close() {
      await tmux('kill-server').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
