// Typed events: the engine emits them and knows nothing of terminals; reporters consume them.
// `--json` prints them as NDJSON, one per line. The schema is versioned (EVENTS_VERSION) and
// documented in docs/events.md; add fields freely, bump the version when one changes meaning.
import type { TaskId } from '../plan/model.ts';
import type { Failure, TokenUsage } from '../run/agent.ts';

export const EVENTS_VERSION = 1;

export type RunStatus = 'succeeded' | 'failed' | 'interrupted' | 'budget-exhausted' | 'usage-limit' | 'auth-failed';

interface Base {
  /** Schema version. */
  v: typeof EVENTS_VERSION;
  /** ISO time the event was emitted. */
  time: string;
}

export type OrchestraEvent = Base &
  (
    | {
        type: 'run-started';
        runId: string;
        plan: { name: string; file: string };
        concurrency: number;
        schedule: 'eager' | 'waves';
        taskCount: number;
        /** The ids of the tasks in this run (after --only / --from), in the plan's order. */
        tasks?: TaskId[];
      }
    | { type: 'task-queued'; id: TaskId }
    | { type: 'task-cached'; id: TaskId; reason: string }
    | { type: 'task-started'; id: TaskId; attempt: number; logFile: string }
    | { type: 'task-progress'; id: TaskId; attempt: number; message: string; costUsd?: number }
    | { type: 'task-output'; id: TaskId; attempt: number; stream: 'stdout' | 'stderr'; line: string }
    | {
        type: 'task-retrying';
        id: TaskId;
        /** The attempt that failed; the next one is attempt + 1. */
        attempt: number;
        delayMs: number;
        failure: Failure;
        /** The failed attempt's duration, cost and usage, when known (added in v1, optional). */
        durationMs?: number;
        costUsd?: number;
        usage?: TokenUsage;
      }
    | { type: 'task-waiting'; id: TaskId; attempt: number; untilTime: string; reason: string }
    | {
        type: 'task-succeeded';
        id: TaskId;
        attempt: number;
        durationMs: number;
        costUsd?: number;
        usage?: TokenUsage;
        outputs: Record<string, string>;
        undeclaredWrites?: string[];
      }
    | {
        type: 'task-failed';
        id: TaskId;
        attempt: number;
        durationMs: number;
        failure: Failure;
        /** The last attempt's cost and usage, when known (added in v1, optional). */
        costUsd?: number;
        usage?: TokenUsage;
      }
    | { type: 'task-skipped'; id: TaskId; reason: string }
    | { type: 'warning'; id?: TaskId; message: string }
    | {
        type: 'run-finished';
        status: RunStatus;
        durationMs: number;
        counts: { succeeded: number; cached: number; failed: number; skipped: number; notRun: number };
        costUsd: number;
        usage: TokenUsage;
      }
  );

export type OrchestraEventType = OrchestraEvent['type'];

export interface Reporter {
  onEvent(event: OrchestraEvent): void;
  /** Flush and restore the terminal; called once at the end, also on interruption. */
  close?(): void | Promise<void>;
}
