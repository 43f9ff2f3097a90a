// The public surface of @orchestra/core: what other packages may use, nothing more.
export * from './plan/schema.ts';
export * from './plan/model.ts';
export * from './plan/diagnostic.ts';
export * from './run/agent.ts';
export * from './report/events.ts';
export { unreachable } from './util/unreachable.ts';
export { spawnProcess, withLocalBins, type SpawnOptions, type SpawnResult, type SpawnCommand } from './run/spawn-process.ts';
export { createRedactor, redactDeep, isSecretName, REDACTED, type Redact } from './util/redact.ts';
