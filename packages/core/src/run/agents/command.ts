// The `command` agent: runs a task's `run`, an argv array spawned directly or a string that the shell
// runs (as npm runs scripts). Exit 0 is success; anything else is `exit-non-zero` with stderr's tail.
import type { Agent, AgentOutcome, AgentRequest } from '../agent.ts';
import { spawnProcess } from '../spawn-process.ts';
import { stoppedFromOutside } from '../stopped-from-outside.ts';

export const COMMAND_AGENT_VERSION = '1';

export function formatCommand(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

export const commandAgent: Agent = {
  name: 'command',
  version: async () => COMMAND_AGENT_VERSION,
  async preflight(plan, tasks) {
    return tasks
      .filter((task) => task.run === undefined)
      .map((task) => ({
        code: 'missing-run' as const,
        message: `task "${task.id}" uses the command agent but has no "run"`,
        hint: 'add run: [program, arg, ...] (or a shell string) to the task',
        ...(task.pos ? { pos: task.pos } : {}),
      }));
  },
  async run(request: AgentRequest): Promise<AgentOutcome> {
    const { task } = request;
    if (task.run === undefined) {
      return { ok: false, failure: { reason: 'spawn-error', message: `task ${task.id} has no "run" command` } };
    }
    const result = await spawnProcess({
      command: task.run,
      cwd: request.cwd,
      env: request.env,
      logFile: request.logFile,
      logHeader: `$ ${formatCommand(task.run)}`,
      signal: request.signal,
      ...(request.killGraceMs !== undefined ? { killGraceMs: request.killGraceMs } : {}),
      ...(request.redact ? { redact: request.redact } : {}),
      ...(request.onOutput ? { onLine: request.onOutput } : {}),
      ...(request.onProcessStart ? { onStart: (pid: number, startTime?: string) => request.onProcessStart?.(pid, startTime) } : {}),
    });
    if (result.spawnError) {
      return { ok: false, exitCode: null, failure: { reason: 'spawn-error', message: result.spawnError } };
    }
    if (result.exitCode === 0) return { ok: true, exitCode: 0 };
    const how = result.exitCode !== null ? `exited with code ${result.exitCode}` : `was killed by ${result.signal ?? 'a signal'}`;
    return {
      ok: false,
      exitCode: result.exitCode,
      failure: {
        reason: request.signal.aborted || stoppedFromOutside(result.signal) ? 'interrupted' : 'exit-non-zero',
        message: `${formatCommand(task.run).slice(0, 200)} ${how}`,
        ...(result.outputTail ? { detail: result.outputTail } : {}),
      },
    };
  },
};
