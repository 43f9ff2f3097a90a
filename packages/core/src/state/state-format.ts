// The state file `.orchestra/state.json`: what orchestra remembers of a plan between runs.
// Versioned; a file of another version is set aside (renamed), never misread.
import type { Failure, TokenUsage } from '../run/agent.ts';
import type { ContentHash, Fingerprint } from '../fingerprint/content-hash.ts';
import type { FileStamp } from '../fingerprint/file-hasher.ts';
import type { FingerprintParts } from '../fingerprint/fingerprint.ts';

export const STATE_VERSION = 1;

export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cached';

export interface AttemptRecord {
  /** 1-based, across runs. */
  number: number;
  runId: string;
  startedAt: string;
  endedAt?: string;
  outcome: 'running' | 'succeeded' | 'failed';
  failure?: Failure;
  exitCode?: number | null;
  sessionId?: string;
  /** Cumulative session cost the agent reported (Claude's is cumulative across --resume). */
  sessionCostUsd?: number;
  costUsd?: number;
  usage?: TokenUsage;
  durationMs?: number;
  /** Relative to the plan's folder: `.orchestra/logs/<task>/<attempt>.log`. */
  logFile: string;
  /** Where the attempt ran, when not the plan's folder (e.g. a worktree). */
  cwd?: string;
  /**
   * While the attempt runs: the process group of its current process, and the kernel's start time of
   * that process (see util/process-identity.ts). A run that takes over after a kill -9 of orchestra ends
   * the groups still alive (run/end-leftover-processes.ts). Dropped when the attempt ends.
   */
  pgid?: number;
  pgidStartTime?: string;
}

/** What a success left behind: the key of the cache. */
export interface SuccessRecord {
  fingerprint: Fingerprint;
  parts: FingerprintParts;
  /** Content hashes of the declared outputs (globs expanded) at the end of the task. */
  outputs: Record<string, ContentHash>;
  finishedAt: string;
  durationMs: number;
  runId: string;
}

export interface TaskState {
  status: TaskStatus;
  /** Why it was skipped or failed, for people. */
  reason?: string;
  attempts: AttemptRecord[];
  success?: SuccessRecord;
  /** Totals over all attempts ever recorded. */
  costUsd: number;
  usage: TokenUsage;
  updatedAt: string;
}

export interface RunRecord {
  id: string;
  startedAt: string;
  endedAt?: string;
  status?: string;
  pid: number;
}

export interface LogEntry {
  time: string;
  runId: string;
  task?: string;
  message: string;
}

export interface StateFile {
  version: typeof STATE_VERSION;
  plan: { name: string; file: string };
  tasks: Record<string, TaskState>;
  /** size/mtime/ctime/inode → hash, for files under the plan's folder (see FileHasher). */
  files: Record<string, FileStamp>;
  runs: RunRecord[];
  log: LogEntry[];
}

export const MAX_RUNS = 50;
export const MAX_LOG = 2_000;

export const zeroUsage = (): TokenUsage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
});

export function emptyState(plan: { name: string; file: string }): StateFile {
  return { version: STATE_VERSION, plan, tasks: dictionary(), files: dictionary(), runs: [], log: [] };
}

/**
 * An object without a prototype, for records keyed by task ids or paths: a task called `constructor`
 * or `__proto__` must not meet Object's own members. With `from`, a copy of its own entries.
 */
export function dictionary<T>(from?: Record<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (from) for (const key of Object.keys(from)) out[key] = from[key]!;
  return out;
}

export function newTaskState(now: string): TaskState {
  return { status: 'pending', attempts: [], costUsd: 0, usage: zeroUsage(), updatedAt: now };
}

/** One line of the journal: each carries a full value, so replaying twice is harmless. */
export type JournalRecord =
  | { t: 'task'; id: string; s: TaskState }
  | { t: 'files'; f: Record<string, FileStamp | null> }
  | { t: 'run'; r: RunRecord }
  | { t: 'log'; e: LogEntry }
  /** Tasks found cached by a run, at `at`: status `cached`, no reason (one record for a whole run). */
  | { t: 'cached'; ids: string[]; at: string }
  /** The run that wrote the records above closed cleanly (it left them for the next fold). */
  | { t: 'closed' };

/** Applies one journal record to a state, in place. */
export function applyRecord(state: StateFile, record: JournalRecord): void {
  switch (record.t) {
    case 'task':
      state.tasks[record.id] = record.s;
      return;
    case 'files':
      for (const [file, stamp] of Object.entries(record.f)) {
        if (stamp) state.files[file] = stamp;
        else delete state.files[file];
      }
      return;
    case 'run': {
      const i = state.runs.findIndex((r) => r.id === record.r.id);
      if (i >= 0) state.runs[i] = record.r;
      else state.runs.push(record.r);
      if (state.runs.length > MAX_RUNS) state.runs.splice(0, state.runs.length - MAX_RUNS);
      return;
    }
    case 'log':
      state.log.push(record.e);
      if (state.log.length > MAX_LOG) state.log.splice(0, state.log.length - MAX_LOG);
      return;
    case 'cached':
      for (const id of record.ids) {
        const s = state.tasks[id];
        if (!s) continue;
        const marked: TaskState = { ...s, status: 'cached', updatedAt: record.at };
        delete marked.reason;
        state.tasks[id] = marked;
      }
      return;
    case 'closed':
      return;
  }
}
