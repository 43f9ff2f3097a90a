// A light entry for `orchestra run` (`@orchestra/core/run`): the engine and the compiled-plan cache,
// without what only plan parsing needs (zod, yaml, js-yaml), so a run whose plan is cached loads
// none of them. Everything here is also exported by the main entry (index.ts).
export { runPlan, RunRefusedError, type RunPlanOptions, type RunResult, type TaskResult } from './run/run-plan.ts';
export { commandAgent, formatCommand, COMMAND_AGENT_VERSION } from './run/agents/command.ts';
export { loadPlanCached, PLAN_CACHE_FILE } from './plan/plan-cache.ts';
export { BUILTIN_AGENTS } from './plan/model.ts';
export { formatDiagnostic } from './plan/diagnostic.ts';
export { criticalPath, planDag, type Dag } from './graph/longest-path.ts';
export { asTaskId } from './plan/model.ts';
export { didYouMean } from './plan/did-you-mean.ts';
export { killAllProcessesNow } from './run/spawn-process.ts';
export { StateWriteError } from './state/state-store.ts';
