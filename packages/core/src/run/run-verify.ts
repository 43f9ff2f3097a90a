// A task's `verify` commands, run after a successful attempt, in order, in the task's folder. The
// first failure fails the attempt, with its output kept for the log and the retry prompt.
import type { Task } from '../plan/model.ts';
import type { Failure } from './agent.ts';
import { formatCommand } from './agents/command.ts';
import { spawnProcess } from './spawn-process.ts';

export interface VerifyOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  logFile: string;
  signal: AbortSignal;
  redact: (text: string) => string;
  killGraceMs?: number;
  /** Called with the pid (process group) of each verify command started. */
  onProcessStart?: (pid: number, startTime?: string) => void;
}

export async function runVerify(task: Task, options: VerifyOptions): Promise<Failure | undefined> {
  for (const command of task.verify) {
    const result = await spawnProcess({
      command,
      cwd: options.cwd,
      env: options.env,
      logFile: options.logFile,
      logHeader: `$ verify: ${formatCommand(command)}`,
      signal: options.signal,
      redact: options.redact,
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
      ...(options.onProcessStart ? { onStart: options.onProcessStart } : {}),
    });
    if (result.exitCode === 0) continue;
    const how = result.spawnError ?? (result.exitCode !== null ? `exited with code ${result.exitCode}` : `was killed by ${result.signal}`);
    return {
      reason: 'verify-failed',
      message: `verify \`${formatCommand(command).slice(0, 120)}\` ${how}`,
      ...(result.outputTail ? { detail: result.outputTail } : {}),
    };
  }
  return undefined;
}
