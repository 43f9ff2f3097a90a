// The `claude` agent: one headless Claude Code process per attempt.
//
//   previous attempt ─ chooseSession ─> --session-id <new uuid> | --resume <id>
//   task + deps + previous failure ─ buildPrompt ─> buildClaudeArgs ─> spawnProcess (no shell, stdin closed)
//   runClaude: stdout lines ─ parseStreamLine ─> progress, the .jsonl log, StreamEvidence ─ classifyAttempt
//   result ─ attemptCost (net of the resumed session's earlier cost) ─> outcome
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  createRedactor,
  type Agent,
  type AgentOutcome,
  type AgentRequest,
  type Diagnostic,
  type Plan,
  type Task,
} from '@orchestra/core';
import { buildClaudeArgs, DEFAULT_PERMISSION_MODE, type SessionChoice } from './build-args.ts';
import { buildPrompt } from './build-prompt.ts';
import { claudeEnv } from './claude-env.ts';
import { findClaude, type ClaudeLocation } from './find-claude.ts';
import { preflightClaude } from './preflight.ts';
import { runClaude } from './run-claude.ts';
import { attemptCost, chooseSession } from './session.ts';
import { createVersionProbe } from './version.ts';

export interface ClaudeAgentOptions {
  /** The environment used to find the CLI and its credentials before any task (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Fresh session ids (tests pass a fixed sequence). */
  newSessionId?: () => string;
  now?: () => number;
}

export function createClaudeAgent(options: ClaudeAgentOptions = {}): Agent {
  const baseEnv = options.env ?? process.env;
  const newSessionId = options.newSessionId ?? randomUUID;
  const now = options.now ?? Date.now;
  const versions = createVersionProbe();

  // One lookup per plan, with the agent's environment, for the version (the fingerprint), the preflight
  // and every attempt alike: the CLI that was fingerprinted is the one that runs.
  const located = new Map<string, Promise<ClaudeLocation>>();
  const locate = (plan: Plan): Promise<ClaudeLocation> => {
    const key = `${plan.claudePath ?? ''}\0${plan.root}`;
    let found = located.get(key);
    if (!found) located.set(key, (found = findClaude({ claudePath: plan.claudePath, root: plan.root, env: baseEnv })));
    return found;
  };

  return {
    name: 'claude',
    logExtension: 'jsonl',

    async version(plan: Plan): Promise<string> {
      const found = await locate(plan);
      if (!found.path) return 'claude-code (not found)';
      // A CLI that does not answer is reported by preflight; the fingerprint only needs a stable word.
      return `claude-code ${await versions.of(found.path, baseEnv).catch(() => '(unavailable)')}`;
    },

    async preflight(plan: Plan, tasks: Task[]): Promise<Diagnostic[]> {
      if (tasks.length === 0) return [];
      const neededBy = `${tasks.length} task${tasks.length === 1 ? '' : 's'}`;
      return preflightClaude({ root: plan.root, neededBy, tasks, env: baseEnv, location: await locate(plan), versions });
    },

    async run(request: AgentRequest): Promise<AgentOutcome> {
      const found = await locate(request.plan);
      if (!found.path) {
        return {
          ok: false,
          exitCode: null,
          failure: { reason: 'spawn-error', message: `Claude Code CLI not found ("${found.wanted}" from ${found.source}).` },
        };
      }
      // The state leaves cwd out when the attempt ran in the plan's folder.
      const previous = request.previous && { ...request.previous, cwd: request.previous.cwd ?? request.plan.root };
      const session = chooseSession(previous, request.cwd, newSessionId);
      const first = await runOnce(found.path, request, session, now);
      // A session the CLI does not know (its transcript was never written, or the config folder changed):
      // start over in a fresh session instead of failing the attempt.
      if (session.mode === 'resume' && first.unknownSession) {
        return (await runOnce(found.path, request, { mode: 'fresh', sessionId: newSessionId() }, now)).outcome;
      }
      return first.outcome;
    },
  };
}

async function runOnce(
  claudePath: string,
  request: AgentRequest,
  session: SessionChoice,
  now: () => number,
): Promise<{ outcome: AgentOutcome; unknownSession: boolean }> {
  const { task } = request;
  const resolve = (p: string): string => path.resolve(request.cwd, p);
  const prompt = buildPrompt({
    task,
    dependencies: request.dependencies,
    previousFailure: request.previous?.failure,
    resumed: session.mode === 'resume',
  });
  const args = buildClaudeArgs({
    prompt,
    session,
    model: task.model,
    permissionMode: task.permissionMode,
    allowedTools: task.allowedTools,
    disallowedTools: task.disallowedTools,
    maxTurns: task.maxTurns,
    maxBudgetUsd: request.maxCostUsd ?? task.maxCostUsd,
    appendSystemPrompt: task.appendSystemPrompt,
    addDirs: task.addDirs?.map(resolve),
    mcpConfig: task.mcpConfig && !task.mcpConfig.trimStart().startsWith('{') ? resolve(task.mcpConfig) : task.mcpConfig,
  });
  const run = await runClaude({
    claudePath,
    args,
    session,
    cwd: request.cwd,
    env: claudeEnv({ env: request.env, permissionMode: task.permissionMode ?? DEFAULT_PERMISSION_MODE, uid: process.getuid?.() }),
    signal: request.signal,
    redact: request.redact ?? createRedactor(request.env),
    logFile: request.logFile,
    logContext: { task: task.id, attempt: request.attempt },
    ...(request.killGraceMs !== undefined ? { killGraceMs: request.killGraceMs } : {}),
    ...(request.onProcessStart ? { onStart: (pid: number, startTime?: string) => request.onProcessStart?.(pid, startTime) } : {}),
    abortedByTimeout: () => abortedByTimeout(request.signal),
    onProgress: (message, sessionId) => request.onProgress({ message, sessionId }),
    onStderr: (line) => request.onOutput?.('stderr', line),
    now,
  });
  const { verdict, evidence, spawned } = run;
  const result = evidence.result;
  const cost = result
    ? attemptCost(result.totalCostUsd, session, request.previous)
    : // No result: this attempt's spend is unknown; keep the last known session figure so the next
      // resumed attempt still subtracts what was already counted.
      session.mode === 'resume' && request.previous?.sessionCostUsd !== undefined
      ? { sessionCostUsd: request.previous.sessionCostUsd }
      : {};
  const outcome: AgentOutcome = {
    ok: verdict.ok,
    exitCode: spawned.exitCode,
    sessionId: evidence.sessionId ?? session.sessionId,
    ...cost,
    ...(result?.usage ? { usage: result.usage } : {}),
    ...(result?.numTurns !== undefined ? { numTurns: result.numTurns } : {}),
    ...(verdict.ok ? {} : { failure: verdict.failure }),
  };
  return { outcome, unknownSession: run.unknownSession };
}

function abortedByTimeout(signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  const reason: unknown = signal.reason;
  if (reason === 'timed-out' || reason === 'timeout') return true;
  if (reason && typeof reason === 'object') {
    const r = reason as { name?: unknown; reason?: unknown };
    return r.name === 'TimeoutError' || r.reason === 'timed-out';
  }
  return false;
}
