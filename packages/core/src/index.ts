// The public surface of @orchestra/core: what other packages may use, nothing more.
export * from './plan/schema.ts';
export * from './plan/model.ts';
export * from './plan/diagnostic.ts';
export { parsePlanText, MAX_ALIAS_COUNT } from './plan/parse-plan-text.ts';
export { loadPlan, type LoadPlanOptions } from './plan/load-plan.ts';
export { loadPlanCached, PLAN_CACHE_FILE } from './plan/plan-cache.ts';
export { findPlanFile, PLAN_FILE_NAMES, type FindPlanOptions, type FindPlanResult } from './plan/find-plan-file.ts';
export type { LoadResult, ParseOptions } from './plan/load-result.ts';
export { parseDuration } from './plan/parse-duration.ts';
export { didYouMean } from './plan/did-you-mean.ts';
export { buildGraph } from './graph/build-graph.ts';
export { findCycle, findCycles, findPlanCycles, findPlanCycleGroups, type CycleGroup } from './graph/find-cycle.ts';
export { globsOverlap, globMatches } from './graph/globs-overlap.ts';
export { tasksConflict, outputsOverlap, conflictingPairs, buildConflictIndex, createClaims, type ConflictIndex, type Claims } from './graph/conflicts.ts';
export { computeWaves } from './graph/compute-waves.ts';
export { longestPathLength, criticalPath, planDag, graphDag, type CriticalPath, type Dag } from './graph/longest-path.ts';
export * from './run/agent.ts';
export * from './report/events.ts';
export { unreachable } from './util/unreachable.ts';
export { spawnProcess, killAllProcessesNow, withLocalBins, type SpawnOptions, type SpawnResult, type SpawnCommand } from './run/spawn-process.ts';
export { createRedactor, redactDeep, isSecretName, REDACTED, type Redact } from './util/redact.ts';
// The state store and the engine's cache decision, for the commands that read or reset the state
// (graph, reset, status, the forecast in plan).
export { readState, statePaths, StateStore, StateWriteError, STATE_DIR, type StatePaths, type LoadedState } from './state/state-store.ts';
export { acquireLock, liveHolder, type LockResult, type LockInfo } from './state/lock.ts';
export { newTaskState, type StateFile, type TaskState, type TaskStatus, type AttemptRecord, type SuccessRecord } from './state/state-format.ts';
export { computeStatuses, statusesOnDisk, workspaceHashes, type StatusOptions, type StatusHashes } from './run/compute-statuses.ts';
export { readReceipts } from './run/receipts.ts';
export { receiptPath } from './run/receipt-path.ts';
export type { Freshness } from './run/task-status.ts';
// The engine (issue 4): run a plan, and the one freshness decision shared by run/status/explain/plan.
export { runPlan, RunRefusedError, type RunPlanOptions, type RunResult, type TaskResult } from './run/run-plan.ts';
export { taskStatus, dependencyPartOf, type FreshnessInputs } from './run/task-status.ts';
export { selectTasks, dependentsOf, type Selection } from './run/select-tasks.ts';
export { topologicalOrder } from './run/topological-order.ts';
export { byPriority, pickReady, remainingPathLengths, type PickOptions } from './run/pick-ready.ts';
export { commandAgent, formatCommand, COMMAND_AGENT_VERSION } from './run/agents/command.ts';
export { stoppedFromOutside } from './run/stopped-from-outside.ts';
export { systemClock, type Clock } from './run/clock.ts';
export { attemptLogPath, safeFileName } from './run/log-path.ts';
export { decideRetry, DEFAULT_RETRY_POLICY, type RetryDecision, type RetryPolicy } from './run/retry-policy.ts';
export type { ContentHash, Fingerprint } from './fingerprint/content-hash.ts';
export { diffParts, fingerprint, taskDefinition, type FingerprintParts, type DependencyPart } from './fingerprint/fingerprint.ts';
export { FileHasher, type FileStamp } from './fingerprint/file-hasher.ts';
export { hashPatterns, unmatchedPatterns } from './fingerprint/hash-patterns.ts';
export { STATE_VERSION, type RunRecord, type LogEntry } from './state/state-format.ts';
export { readLock } from './state/lock.ts';
