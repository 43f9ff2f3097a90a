// The resolved plan: what the loader returns once the raw YAML is valid.
// Defaults are merged into every task, durations are milliseconds, lists are never undefined.
import type { CommandSpec, PermissionMode } from './schema.ts';

declare const taskIdBrand: unique symbol;
/** A task id: a key of `tasks` in the plan. Branded so it cannot be mixed up with other strings. */
export type TaskId = string & { readonly [taskIdBrand]: true };
export const asTaskId = (id: string): TaskId => id as TaskId;

/** A position in a source file, 1-based, as editors show it. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export interface AgentOptions {
  model?: string;
  permissionMode?: PermissionMode;
  allowedTools?: string[];
  disallowedTools?: string[];
  maxTurns?: number;
  maxCostUsd?: number;
  appendSystemPrompt?: string;
  addDirs?: string[];
  mcpConfig?: string;
}

export interface Task extends AgentOptions {
  id: TaskId;
  description?: string;
  /** `claude` unless the task or defaults say otherwise. */
  agent: string;
  prompt?: string;
  run?: CommandSpec;
  /** Sorted, de-duplicated. */
  dependsOn: TaskId[];
  /** Workspace-relative globs (relative to the plan's folder). */
  inputs: string[];
  outputs: string[];
  verify: CommandSpec[];
  /** Sorted lock names; tasks sharing one never run together. */
  locks: string[];
  timeoutMs?: number;
  retries: number;
  isolation: 'none' | 'worktree';
  /** Where the task id is declared in the plan file, for messages. */
  pos?: SourcePos;
}

export interface Plan {
  /** Absolute path of the plan file. */
  file: string;
  /** Absolute path of the folder that holds the plan: the workspace root for its paths and state. */
  root: string;
  version: 1;
  name: string;
  description?: string;
  concurrency: number;
  schedule: 'eager' | 'waves';
  strict: boolean;
  isolation: 'none' | 'worktree';
  budget: { maxCostUsd?: number };
  claudePath?: string;
  /** Task ids in sorted order. */
  taskIds: TaskId[];
  tasks: ReadonlyMap<TaskId, Task>;
}

/** Plan format versions this orchestra reads. */
export const SUPPORTED_PLAN_VERSIONS = [1] as const;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_AGENT = 'claude';
/** Extra attempts after the first when neither the task nor `defaults` says: none, so cost is never a surprise. */
export const DEFAULT_RETRIES = 0;
/** The agents the core knows; the cli may register more (`parsePlanText`'s `knownAgents`). */
export const BUILTIN_AGENTS: readonly string[] = ['claude', 'command'];
