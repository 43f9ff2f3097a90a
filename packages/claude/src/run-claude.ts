// One `claude -p` process, start to end: spawned without a shell and with stdin closed, its stream-json
// read line by line into progress, a .jsonl log and the evidence that classifies the outcome.
// Used by the agent (one attempt) and by `orchestra draft`.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { spawnProcess, type SpawnResult } from '@orchestra/core';
import type { SessionChoice } from './build-args.ts';
import { classifyAttempt, isUnknownSession, type Verdict } from './classify.ts';
import { describeLine } from './describe-line.ts';
import { emptyEvidence, foldStreamLine, type StreamEvidence } from './stream-evidence.ts';
import { parseStreamLine } from './stream-line.ts';

export interface RunClaudeOptions {
  claudePath: string;
  /** From buildClaudeArgs. */
  args: string[];
  session: SessionChoice;
  cwd: string;
  /** The whole environment of the process (from claudeEnv). */
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  redact: (text: string) => string;
  /** Raw stream-json goes here, one JSON value per line (stderr and orchestra's notes as JSON too). */
  logFile?: string;
  /** Header fields for the log's first line. */
  logContext?: Record<string, unknown>;
  killGraceMs?: number;
  /** When aborted, was it a timeout? (Asked after the process ends.) */
  abortedByTimeout?: () => boolean;
  onProgress?(message: string, sessionId: string): void;
  onStderr?(line: string): void;
  /** Called with the pid (process group) of the claude process once it started. */
  onStart?(pid: number, startTime?: string): void;
  now?: () => number;
}

export interface ClaudeRun {
  verdict: Verdict;
  evidence: StreamEvidence;
  spawned: SpawnResult;
  /** The CLI did not know the session passed to --resume. */
  unknownSession: boolean;
}

export async function runClaude(options: RunClaudeOptions): Promise<ClaudeRun> {
  const { session, redact } = options;
  const log = openLog(options.logFile);
  log?.write(`${redact(JSON.stringify({ type: 'orchestra_attempt', ...options.logContext, session, cwd: options.cwd, argv: [options.claudePath, ...options.args] }))}\n`);

  let evidence: StreamEvidence = emptyEvidence();
  options.onProgress?.(session.mode === 'resume' ? 'resuming session' : 'starting', session.sessionId);
  const spawned = await spawnProcess({
    command: [options.claudePath, ...options.args],
    cwd: options.cwd,
    env: options.env,
    redact,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.onStart ? { onStart: (pid: number, startTime?: string) => options.onStart?.(pid, startTime) } : {}),
    onLine(stream, line) {
      if (stream === 'stderr') {
        log?.write(`${JSON.stringify({ type: 'orchestra_stderr', line })}\n`);
        options.onStderr?.(line);
        return;
      }
      log?.write(`${line}\n`);
      const parsed = parseStreamLine(line);
      evidence = foldStreamLine(evidence, parsed);
      const message = describeLine(parsed, options.cwd);
      if (message) options.onProgress?.(message, evidence.sessionId ?? session.sessionId);
    },
  });
  log?.write(`${JSON.stringify({ type: 'orchestra_exit', exitCode: spawned.exitCode, signal: spawned.signal, durationMs: spawned.durationMs })}\n`);
  await closeLog(log);

  if (spawned.spawnError) {
    return { verdict: { ok: false, failure: { reason: 'spawn-error', message: spawned.spawnError } }, evidence, spawned, unknownSession: false };
  }
  const facts = {
    evidence,
    exitCode: spawned.exitCode,
    exitSignal: spawned.signal,
    stderrTail: spawned.stderrTail,
    aborted: spawned.timedOut || (spawned.aborted && options.abortedByTimeout?.()) ? ('timed-out' as const) : spawned.aborted ? ('interrupted' as const) : undefined,
    now: (options.now ?? Date.now)(),
  };
  const verdict = classifyAttempt(facts);
  const redacted: Verdict = verdict.ok ? verdict : { ok: false, failure: { ...verdict.failure, message: redact(verdict.failure.message) } };
  return { verdict: redacted, evidence, spawned, unknownSession: !verdict.ok && isUnknownSession(facts) };
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
