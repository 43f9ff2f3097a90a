// The seam between the engine and whatever does a task's work. Adding an agent (Codex CLI, Gemini CLI)
// is one object with `run`. The engine owns retries, timeouts' bookkeeping, state and events; an agent
// only runs one attempt and says how it went, as a value.
import type { Diagnostic } from '../plan/diagnostic.ts';
import type { Plan, Task, TaskId } from '../plan/model.ts';

/** Why an attempt failed. The engine picks the retry policy from `reason`. */
export type FailureReason =
  | 'exit-non-zero' // process exited non-zero (command) or the agent reported an error it did not classify
  | 'timed-out' // the task's timeout killed its process tree
  | 'interrupted' // SIGINT/SIGTERM of orchestra
  | 'spawn-error' // the program could not be started
  | 'no-result' // an agent process ended without a final result message
  | 'verify-failed' // a verify command failed: retried with its output added to the prompt
  | 'output-missing' // a declared output does not exist after the task
  | 'undeclared-writes' // strict mode: the task wrote files it did not declare
  | 'transient' // 429 / 5xx / 529 / network: retry with backoff
  | 'usage-limit' // the account's usage limit: wait for the reset, or stop starting tasks
  | 'auth' // authentication or billing: fail fast, stop, one message
  | 'max-turns' // the agent hit --max-turns
  | 'budget'; // the agent hit --max-budget-usd, or the plan's budget is spent

export interface Failure {
  reason: FailureReason;
  /** One line for people. Never contains secrets. */
  message: string;
  /** Tail of stderr / verify output, for the log, the retry prompt and the summary. */
  detail?: string;
  /** For transient and usage-limit failures: when the provider says to come back. */
  retryAfterMs?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

/** What a finished dependency tells its dependents (added to agent prompts). */
export interface DependencyContext {
  id: TaskId;
  description?: string;
  outputs: string[];
}

/** What the engine knows of the previous attempt of this task (same run or an interrupted one). */
export interface PreviousAttempt {
  attempt: number;
  sessionId?: string;
  /** Cumulative session cost reported at the end of the previous attempt (Claude's is cumulative). */
  sessionCostUsd?: number;
  /** Where it ran; absent: the plan's folder (the state records cwd only when it differs). */
  cwd?: string;
  failure?: Failure;
}

export interface AgentProgress {
  /** The agent's latest action, short: "Write src/x.ts", "Bash npm test", "thinking". */
  message: string;
  /** Cost so far in this attempt, when known. */
  costUsd?: number;
  sessionId?: string;
}

export interface AgentRequest {
  plan: Plan;
  task: Task;
  /** 1-based attempt number across runs. */
  attempt: number;
  /** Absolute working directory for the task (the plan's folder, or a worktree). */
  cwd: string;
  dependencies: DependencyContext[];
  previous?: PreviousAttempt;
  /** Absolute path of this attempt's log file (the agent writes its raw output there). */
  logFile: string;
  /**
   * Aborted on timeout or interruption; the agent must kill its whole process tree and return. It may be
   * the run's own signal, shared by every attempt of the run (when the task has no timeout): an agent
   * removes the listeners it adds before it returns and keeps no reference to it afterwards.
   */
  signal: AbortSignal;
  /** Spending cap for this attempt (task's maxCostUsd, capped by what is left of the plan's budget). */
  maxCostUsd?: number;
  /** The environment the agent's process gets. */
  env: Record<string, string | undefined>;
  onProgress(progress: AgentProgress): void;
  onOutput?(stream: 'stdout' | 'stderr', line: string): void;
  /** Removes secret values from text; apply it to every line before logging or reporting it. */
  redact?: (text: string) => string;
  /**
   * Call with the pid (and start time, when known) of each process started for the task: pass it to
   * spawnProcess as `onStart`. It is recorded, so a run that takes over after a kill -9 of orchestra can
   * end what was left running.
   */
  onProcessStart?(pid: number, startTime?: string): void;
  /** Between SIGTERM and SIGKILL of the process tree on abort (pass to spawnProcess). */
  killGraceMs?: number;
}

export interface AgentOutcome {
  ok: boolean;
  failure?: Failure;
  exitCode?: number | null;
  sessionId?: string;
  /** This attempt's own cost (already net of earlier attempts of a resumed session). */
  costUsd?: number;
  /** Cumulative session cost as the agent reported it, for the next attempt's subtraction. */
  sessionCostUsd?: number;
  usage?: TokenUsage;
  numTurns?: number;
}

export interface Agent {
  readonly name: string;
  /** Extension of its attempt logs (default `log`; `jsonl` for an agent that logs stream-json). */
  readonly logExtension?: string;
  /** Joins the fingerprint of every task this agent runs (e.g. the Claude Code version). */
  version(plan: Plan): Promise<string>;
  /** Checked once before any task starts (e.g. CLI present, credentials). A problem stops the run. */
  preflight?(plan: Plan, tasks: Task[]): Promise<Diagnostic[]>;
  run(request: AgentRequest): Promise<AgentOutcome>;
}

export type AgentRegistry = ReadonlyMap<string, Agent>;
