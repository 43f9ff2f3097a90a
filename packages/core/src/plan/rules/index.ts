// Every cross-field rule, in the order they read best. Each returns all the problems it finds.
import { agentTasksNeedPrompt } from './agent-tasks-need-prompt.ts';
import { commandTasksNeedRun } from './command-tasks-need-run.ts';
import { dependencyCycles } from './dependency-cycles.ts';
import { duplicateKeys } from './duplicate-keys.ts';
import { ignoredKeys } from './ignored-keys.ts';
import { inputsWithoutDependency } from './inputs-without-dependency.ts';
import { knownAgents } from './known-agents.ts';
import { nonEmptyPlan } from './non-empty-plan.ts';
import { overlappingOutputs } from './overlapping-outputs.ts';
import { pathsInsideWorkspace } from './paths-inside-workspace.ts';
import type { PlanRule } from './rule-context.ts';
import { safeTaskIds } from './safe-task-ids.ts';
import { selfDependencies } from './self-dependencies.ts';
import { supportedVersion } from './supported-version.ts';
import { unknownDependencies } from './unknown-dependencies.ts';

export const planRules: readonly PlanRule[] = [
  supportedVersion,
  nonEmptyPlan,
  duplicateKeys,
  safeTaskIds,
  knownAgents,
  agentTasksNeedPrompt,
  commandTasksNeedRun,
  unknownDependencies,
  selfDependencies,
  dependencyCycles,
  inputsWithoutDependency,
  overlappingOutputs,
  pathsInsideWorkspace,
  ignoredKeys,
];

export type { PlanRule, RuleContext } from './rule-context.ts';
