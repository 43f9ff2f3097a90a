// The `claude` agent: one headless Claude Code process per attempt.
//
//   previous attempt ─ chooseSession ─> --session-id <new uuid> | --resume <id>
//   task + deps + previous failure ─ buildPrompt ─> buildClaudeArgs ─> spawnProcess (no shell, stdin closed)
//   stdout lines ─ parseStreamLine ─> progress events, the .jsonl log, StreamEvidence ─ classifyAttempt ─> outcome
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import {
  createRedactor,
  spawnProcess,
  type Agent,
  type AgentOutcome,
  type AgentRequest,
  type Diagnostic,
  type Plan,
  type Task,
} from '@orchestra/core';
import { buildClaudeArgs, type SessionChoice } from './build-args.ts';
import { buildPrompt } from './build-prompt.ts';
import { claudeEnv } from './claude-env.ts';
import { classifyAttempt, isUnknownSession } from './classify.ts';
import { describeLine } from './describe-line.ts';
import { findClaude } from './find-claude.ts';
import { preflightClaude } from './preflight.ts';
import { attemptCost, chooseSession } from './session.ts';
import { emptyEvidence, foldStreamLine, type StreamEvidence } from './stream-evidence.ts';
import { parseStreamLine } from './stream-line.ts';
import { createVersionProbe } from './version.ts';

export interface ClaudeAgentOptions {
  /** The environment used to find the CLI and its credentials before any task (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Fresh session ids (tests pass a fixed sequence). */
  newSessionId?: () => string;
  now?: () => number;
}

/** Fields the engine may pass beyond the base contract (read defensively so either side can land first). */
type RequestExtras = { redact?: (text: string) => string; killGraceMs?: number };

export function createClaudeAgent(options: ClaudeAgentOptions = {}): Agent {
  const baseEnv = options.env ?? process.env;
  const newSessionId = options.newSessionId ?? randomUUID;
  const now = options.now ?? Date.now;
  const versions = createVersionProbe();

  const locate = (plan: Plan, env: Readonly<Record<string, string | undefined>>) =>
    findClaude({ claudePath: plan.claudePath, root: plan.root, env });

  return {
    name: 'claude',

    async version(plan: Plan): Promise<string> {
      const found = await locate(plan, baseEnv);
      if (!found.path) return 'claude-code (not found)';
      // A CLI that does not answer is reported by preflight; the fingerprint only needs a stable word.
      return `claude-code ${await versions.of(found.path, baseEnv).catch(() => '(unavailable)')}`;
    },

    async preflight(plan: Plan, tasks: Task[]): Promise<Diagnostic[]> {
      if (tasks.length === 0) return [];
      return preflightClaude({ plan, tasks, env: baseEnv, location: await locate(plan, baseEnv), versions });
    },

    async run(request: AgentRequest): Promise<AgentOutcome> {
      const found = await locate(request.plan, request.env);
      if (!found.path) {
        return {
          ok: false,
          exitCode: null,
          failure: { reason: 'spawn-error', message: `Claude Code CLI not found ("${found.wanted}" from ${found.source}).` },
        };
      }
      const session = chooseSession(request.previous, request.cwd, newSessionId);
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
  const extras = request as AgentRequest & RequestExtras;
  const redact = extras.redact ?? createRedactor(request.env);
  const resolve = (p: string): string => path.resolve(request.cwd, p);
  const prompt = buildPrompt({
    task,
    dependencies: request.dependencies,
    previousFailure: request.previous?.failure,
    resumed: session.mode === 'resume',
  });
  const maxBudgetUsd = request.maxCostUsd ?? task.maxCostUsd;
  const args = buildClaudeArgs({
    prompt,
    session,
    model: task.model,
    permissionMode: task.permissionMode,
    allowedTools: task.allowedTools,
    disallowedTools: task.disallowedTools,
    maxTurns: task.maxTurns,
    maxBudgetUsd,
    appendSystemPrompt: task.appendSystemPrompt,
    addDirs: task.addDirs?.map(resolve),
    mcpConfig: task.mcpConfig && !task.mcpConfig.trimStart().startsWith('{') ? resolve(task.mcpConfig) : task.mcpConfig,
  });
  const env = claudeEnv({ env: request.env, permissionMode: task.permissionMode ?? 'acceptEdits', uid: process.getuid?.() });

  const log = openLog(request.logFile);
  log?.write(`${redact(JSON.stringify({ type: 'orchestra_attempt', attempt: request.attempt, session, cwd: request.cwd, argv: [claudePath, ...args] }))}\n`);

  let evidence: StreamEvidence = emptyEvidence();
  request.onProgress({ message: session.mode === 'resume' ? 'resuming session' : 'starting', sessionId: session.sessionId });
  const spawned = await spawnProcess({
    command: [claudePath, ...args],
    cwd: request.cwd,
    env,
    signal: request.signal,
    redact,
    ...(extras.killGraceMs !== undefined ? { killGraceMs: extras.killGraceMs } : {}),
    onLine(stream, line) {
      if (stream === 'stderr') {
        log?.write(`${JSON.stringify({ type: 'orchestra_stderr', line })}\n`);
        request.onOutput?.('stderr', line);
        return;
      }
      log?.write(`${line}\n`);
      const parsed = parseStreamLine(line);
      evidence = foldStreamLine(evidence, parsed);
      const message = describeLine(parsed, request.cwd);
      if (message) request.onProgress({ message, sessionId: evidence.sessionId ?? session.sessionId });
    },
  });
  log?.write(`${JSON.stringify({ type: 'orchestra_exit', exitCode: spawned.exitCode, signal: spawned.signal, durationMs: spawned.durationMs })}\n`);
  await closeLog(log);

  if (spawned.spawnError) {
    return { outcome: { ok: false, exitCode: null, failure: { reason: 'spawn-error', message: spawned.spawnError } }, unknownSession: false };
  }
  const facts = {
    evidence,
    exitCode: spawned.exitCode,
    exitSignal: spawned.signal,
    stderrTail: spawned.stderrTail,
    aborted: spawned.timedOut || abortedByTimeout(request.signal) ? ('timed-out' as const) : spawned.aborted ? ('interrupted' as const) : undefined,
    now: now(),
  };
  const verdict = classifyAttempt(facts);
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
    ...(verdict.ok ? {} : { failure: { ...verdict.failure, message: redact(verdict.failure.message) } }),
  };
  return { outcome, unknownSession: !verdict.ok && isUnknownSession(facts) };
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

function openLog(file: string | undefined): WriteStream | undefined {
  if (!file) return undefined;
  mkdirSync(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file, { flags: 'a' });
  stream.on('error', () => {}); // a full disk must not fail the attempt
  return stream;
}

function closeLog(log: WriteStream | undefined): Promise<void> {
  return new Promise((resolve) => (log ? log.end(resolve) : resolve()));
}
