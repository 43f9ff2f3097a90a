// The public surface of @orchestra/core: what other packages may use, nothing more.
export * from './plan/schema.ts';
export * from './plan/model.ts';
export * from './plan/diagnostic.ts';
export { buildGraph } from './graph/build-graph.ts';
export { findCycle, findCycles } from './graph/find-cycle.ts';
export { globsOverlap, globMatches } from './graph/globs-overlap.ts';
export { tasksConflict, outputsOverlap, conflictingPairs, buildConflictIndex, createClaims, type ConflictIndex, type Claims } from './graph/conflicts.ts';
export { computeWaves } from './graph/compute-waves.ts';
export { longestPathLength, criticalPath, type CriticalPath } from './graph/longest-path.ts';
export * from './run/agent.ts';
export * from './report/events.ts';
export { unreachable } from './util/unreachable.ts';
export { spawnProcess, withLocalBins, type SpawnOptions, type SpawnResult, type SpawnCommand } from './run/spawn-process.ts';
export { createRedactor, redactDeep, isSecretName, REDACTED, type Redact } from './util/redact.ts';
