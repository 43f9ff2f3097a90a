// From one plan file to one Nx project: pure, so it is tested without Nx.
import { posix } from 'node:path';
import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import picomatch from 'picomatch';
import { receiptPath } from '@orchestra/core/receipt-path';
import type { PlanSummary, TaskSummary } from './plan-summary.ts';

export interface OrchestraPluginOptions {
  /** Also infer one cacheable target per task (`task-<id>`), so Nx's cache and remote cache carry a plan. */
  perTaskTargets?: boolean;
  /** The root plan's `execute:demo` configuration: a scripted fake Anthropic API for the real Claude Code CLI. */
  demo?: { scenario: string; fakeApi: string };
}

/** The root plan's project name, whatever the plan or the root package.json say: `nx run orchestra:execute`. */
export const ROOT_PROJECT_NAME = 'orchestra';
export const TASK_TARGET_PREFIX = 'task-';
export const PLAN_TARGET_GROUP = 'orchestra';
export const TASK_TARGET_GROUP = 'orchestra tasks';

const CLI_TARGETS = {
  plan: 'Print the plan’s waves and forecast what would run; changes nothing.',
  status: 'Show each task as cached, stale (and why), never run, failed or interrupted.',
  graph: 'Print the plan’s task graph as Mermaid (or --format=dot).',
  validate: 'Check the plan and list every problem with file:line:col.',
} as const;

/**
 * A plan glob (relative to the plan's folder) as an Nx path, keeping a leading `!`; paths that try to leave
 * the plan's folder are dropped. Outputs use `{projectRoot}/…`. Inputs use `{workspaceRoot}/<root>/…`:
 * a `{projectRoot}` input only sees the files Nx gives the project, and a file under a nested project (say
 * plugins/x/check.mjs read by the root plan) belongs to that one, so it would silently drop out of the hash.
 */
function nxPath(glob: string, base: string): string | undefined {
  const negated = glob.startsWith('!');
  const path = posix.normalize((negated ? glob.slice(1) : glob).replaceAll('\\', '/')).replace(/^\.\//, '');
  if (path === '..' || path.startsWith('../') || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return undefined;
  return `${negated ? '!' : ''}${base}/${path}`;
}

/** Characters a path may have to be put in a shell command without quoting. */
const SHELL_SAFE_PATH = /^[\w@%+=:,./-]+$/;

/** How Nx learns the Claude Code version: it joins the hash of every claude task, as it does the engine's fingerprint. */
export function claudeVersionCommand(projectRoot: string, claudePath: string | undefined): string {
  let program = '"${ORCHESTRA_CLAUDE_PATH:-claude}"';
  if (claudePath && SHELL_SAFE_PATH.test(claudePath)) {
    program = claudePath.startsWith('/') ? claudePath : posix.join(projectRoot, claudePath);
  }
  // A missing CLI must not break hashing; the task itself then fails with the engine's clear message.
  return `${program} --version 2>/dev/null || echo claude-not-found`;
}

/** Every output glob of the tasks `id` depends on, directly or not. */
function upstreamOutputs(id: string, byId: ReadonlyMap<string, TaskSummary>): string[] {
  const seen = new Set<string>();
  const stack = [...(byId.get(id)?.dependsOn ?? [])];
  const outputs: string[] = [];
  while (stack.length > 0) {
    const dep = stack.pop() as string;
    if (seen.has(dep)) continue;
    seen.add(dep);
    const task = byId.get(dep);
    if (!task) continue;
    outputs.push(...task.outputs);
    stack.push(...task.dependsOn);
  }
  return outputs;
}

const isGlob = (pattern: string): boolean => /[*?[\]{}()]/.test(pattern);

/**
 * Does input `input` name output `output`? A glob against a path by matching; two paths by equality; two
 * globs only when equal (dropping an input that is not really made upstream would leave it unhashed).
 */
function madeUpstream(input: string, output: string): boolean {
  if (input === output) return true;
  if (isGlob(input) && !isGlob(output)) return picomatch.isMatch(output, input, { dot: true });
  if (!isGlob(input) && isGlob(output)) return picomatch.isMatch(input, output, { dot: true });
  return false;
}

/**
 * A task's inputs that another task makes must not be file inputs: Nx reads the workspace's files once,
 * before any task runs, so such a file would hash as missing on the first run and as present on the next
 * (a cache miss for nothing). `dependentTasksOutputFiles` covers them exactly, after the dependency ran.
 */
function ownInputs(task: TaskSummary, byId: ReadonlyMap<string, TaskSummary>): string[] {
  const upstream = upstreamOutputs(task.id, byId);
  return task.inputs.filter((input) => input.startsWith('!') || !upstream.some((output) => madeUpstream(input, output)));
}

/**
 * The dependencies that declare no outputs, and theirs, transitively through such tasks. Nx hashes a
 * dependency through its outputs only; the engine fingerprints a dependency without outputs by its own
 * fingerprint, so for those the dependent takes on their digests and file inputs itself.
 */
function silentUpstream(id: string, byId: ReadonlyMap<string, TaskSummary>): TaskSummary[] {
  const found = new Map<string, TaskSummary>();
  const stack = [...(byId.get(id)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const dep = byId.get(stack.pop() as string);
    if (!dep || dep.outputs.length > 0 || found.has(dep.id) || dep.id === id) continue;
    found.set(dep.id, dep);
    stack.push(...dep.dependsOn);
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function taskTargetName(id: string): string {
  return `${TASK_TARGET_PREFIX}${id}`;
}

function taskTarget(
  task: TaskSummary,
  byId: ReadonlyMap<string, TaskSummary>,
  configOption: string,
  projectRoot: string,
  summary: PlanSummary,
): TargetConfiguration {
  // Not the whole plan file: its digest of this task's part of it (see TaskSummary.digest). The plan file
  // itself would make every edit re-run every task.
  const silent = silentUpstream(task.id, byId);
  const digests = [task.digest, ...silent.map((t) => t.digest)].join(' ');
  const inputs: TargetConfiguration['inputs'] = [{ runtime: `echo orchestra-task-${digests}` }];
  const inputBase = projectRoot === '.' ? '{workspaceRoot}' : `{workspaceRoot}/${projectRoot}`;
  const files = new Set([task, ...silent].flatMap((t) => ownInputs(t, byId)));
  for (const glob of files) {
    const input = nxPath(glob, inputBase);
    if (input) inputs.push(input);
  }
  if (task.dependsOn.length > 0) inputs.push({ dependentTasksOutputFiles: '**/*', transitive: true });
  if (task.agent === 'claude') {
    inputs.push({ runtime: claudeVersionCommand(projectRoot, summary.claudePath) });
  }
  // No `externalDependencies` entry: a lockfile change elsewhere must not bust every agent task.
  inputs.push({ externalDependencies: [] });
  const outputs = task.outputs.map((glob) => nxPath(glob, '{projectRoot}')).filter((o): o is string => o !== undefined);
  // The receipt travels with the outputs, so that after a restore the engine's state learns that they
  // are this task's success and a plain `orchestra run` does not run it again.
  outputs.push(`{projectRoot}/${receiptPath(task.id)}`);
  return {
    executor: '@orchestra/nx:execute',
    // Nx has run the dependencies' targets (or restored their outputs): the engine takes them as found.
    options: { config: configOption, only: [task.id], noDeps: true, receipts: true },
    dependsOn: task.dependsOn.filter((d) => byId.has(d)).map(taskTargetName),
    inputs,
    outputs,
    cache: true,
    metadata: {
      technologies: ['orchestra'],
      description: `Run task "${task.id}" (${task.agent}) through the orchestra engine; Nx caches its outputs.`,
      help: { command: `npx orchestra run --only ${task.id} --no-deps`, example: { options: { force: true } } },
    },
  };
}

/**
 * The project for the plan at `planFile` (workspace-relative, `/`-separated). Never throws: an unreadable
 * plan still gets its targets, which fail with the plan's diagnostics when run.
 */
export function inferProject(
  planFile: string,
  summary: PlanSummary,
  options: OrchestraPluginOptions = {},
): ProjectConfiguration {
  const root = posix.dirname(planFile);
  const fileName = posix.basename(planFile);
  const isRoot = root === '.';
  const name = isRoot ? ROOT_PROJECT_NAME : (summary.name ?? posix.basename(root));
  const configOption = `{projectRoot}/${fileName}`;

  const execute: TargetConfiguration = {
    executor: '@orchestra/nx:execute',
    options: { config: configOption },
    metadata: {
      technologies: ['orchestra'],
      description: 'Run the plan with the orchestra engine: parallel, cached by content hash, resumable.',
      help: { command: 'npx orchestra run --help', example: { options: { concurrency: 2, dryRun: true } } },
    },
  };
  if (isRoot && options.demo) {
    execute.configurations = {
      demo: { demo: true, demoScenario: options.demo.scenario, demoFakeApi: options.demo.fakeApi },
    };
  }

  const targets: Record<string, TargetConfiguration> = { execute };
  for (const [command, description] of Object.entries(CLI_TARGETS)) {
    targets[command] = {
      executor: '@orchestra/nx:cli',
      options: { command, config: configOption },
      metadata: { technologies: ['orchestra'], description, help: { command: `npx orchestra ${command} --help`, example: { options: {} } } },
    };
  }

  const planTargets = Object.keys(targets);
  const targetGroups: Record<string, string[]> = { [PLAN_TARGET_GROUP]: planTargets };
  if (options.perTaskTargets) {
    const byId = new Map(summary.tasks.map((t) => [t.id, t]));
    for (const task of summary.tasks) {
      targets[taskTargetName(task.id)] = taskTarget(task, byId, configOption, root, summary);
    }
    targetGroups[TASK_TARGET_GROUP] = summary.tasks.map((t) => taskTargetName(t.id));
  }

  return {
    root,
    name,
    targets,
    tags: ['orchestra'],
    metadata: {
      description: isRoot ? 'The repository’s orchestra plan' : `orchestra plan ${planFile}`,
      technologies: ['orchestra'],
      targetGroups,
    },
  };
}
