// Runs the `orchestra` command as a child process (argv, no shell) and collects what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { ORCHESTRA_BIN } from './real-claude.ts';

export interface OrchestraRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** NDJSON events (with --json). */
  events: Array<Record<string, unknown> & { type: string }>;
}

export function startOrchestra(args: string[], cwd: string, env: Record<string, string>): { child: ChildProcess; done: Promise<OrchestraRun> } {
  const child = spawn(process.execPath, [ORCHESTRA_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<OrchestraRun>((resolve) => {
    child.on('close', (code, signal) => {
      const events = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
      resolve({ code, signal, stdout, stderr, events });
    });
  });
  return { child, done };
}

export const runOrchestra = (args: string[], cwd: string, env: Record<string, string>): Promise<OrchestraRun> => startOrchestra(args, cwd, env).done;

/** Pids of live processes whose command line contains `marker` (e.g. a session id), to clean up orphans. */
export function pidsWithArg(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
