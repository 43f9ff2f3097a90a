// Calls the orchestra CLI's `main` inside the executor's process, with plain-line output and an
// AbortSignal that SIGINT/SIGTERM/SIGHUP fire, so Ctrl-C under Nx stops the run as it would in a terminal.
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { inPlanTurn } from './plan-turn.ts';

/** A plain writable over a real stream: no `isTTY`, so the engine prints plain lines, not a live view. */
function plain(target: NodeJS.WriteStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      target.write(chunk, () => callback());
    },
  });
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface OrchestraCall {
  argv: string[];
  /** For runs: the plan's absolute path. Runs of one plan take turns (its folder's `.orchestra/`). */
  planFile?: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

export async function runOrchestra({ argv, planFile, cwd, env }: OrchestraCall): Promise<{ success: boolean }> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  // SIGHUP too: in a terminal Nx gives the executor a pseudo-terminal and, on Ctrl-C, closes it, which
  // hangs the executor up; by default that would kill it before the engine records where the run stopped.
  for (const signal of STOP_SIGNALS) process.on(signal, abort);
  // Nx may close our terminal or pipes first when it stops (Ctrl-C): a write then fails with EIO or EPIPE,
  // and must not kill the process before the engine has recorded where the run stopped.
  const ignore = () => {};
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  try {
    const onWait = (pid: number | undefined) =>
      process.stderr.write(`orchestra: waiting for another Nx task of this plan to finish${pid ? ` (pid ${pid})` : ''}\n`);
    const run = async () => {
      // Imported here, not at the top: Nx loads executors when it builds task graphs; the engine is heavy.
      const { main } = await import('@orchestra/cli');
      return main(argv, { stdout: plain(process.stdout), stderr: plain(process.stderr), env, cwd, signal: controller.signal });
    };
    const code = planFile ? await inPlanTurn(join(dirname(planFile), '.orchestra'), controller.signal, onWait, run) : await run();
    return { success: code === 0 };
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, abort);
    process.stdout.off('error', ignore);
    process.stderr.off('error', ignore);
  }
}
