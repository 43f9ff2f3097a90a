// A task's fingerprint: one hash of everything that decides its result. The parts are kept too, so
// `orchestra explain` and `status` can say which one changed.
//
//   fingerprint = sha256(canonical JSON of {
//     state: STATE_VERSION,                  a new state format invalidates everything
//     definition: { agent, prompt | run, agent options, verify, inputs/outputs globs },
//     agentVersion,                          e.g. the Claude Code version
//     inputs: { path: contentHash },         globs expanded, sorted
//     dependencies: { id: { path: contentHash } | { fingerprint } },
//   })
//
// A dependency contributes its recorded output hashes, so when it re-runs and writes the same bytes its
// dependents stay cached (early cutoff). A dependency that declares no outputs contributes its own
// fingerprint instead: without declared outputs nothing says what it changed, so any change counts.
import type { Task, TaskId } from '../plan/model.ts';
import { STATE_VERSION } from '../state/state-format.ts';
import { canonicalJson, hashBytes, type ContentHash, type Fingerprint } from './content-hash.ts';

export type DependencyPart = { outputs: Record<string, ContentHash> } | { fingerprint: Fingerprint };

export interface FingerprintParts {
  state: number;
  definition: TaskDefinition;
  agentVersion: string;
  inputs: Record<string, ContentHash>;
  dependencies: Record<string, DependencyPart>;
}

/** The fields of a task that decide its result. Not: description, timeout, retries, locks, isolation. */
export type TaskDefinition = Record<string, unknown>;

export function taskDefinition(task: Task): TaskDefinition {
  return {
    agent: task.agent,
    prompt: task.prompt,
    run: task.run,
    verify: task.verify,
    inputs: task.inputs,
    outputs: task.outputs,
    model: task.model,
    permissionMode: task.permissionMode,
    allowedTools: task.allowedTools,
    disallowedTools: task.disallowedTools,
    maxTurns: task.maxTurns,
    appendSystemPrompt: task.appendSystemPrompt,
    addDirs: task.addDirs,
    mcpConfig: task.mcpConfig,
  };
}

export interface FingerprintInputs {
  agentVersion: string;
  inputHashes: Record<string, ContentHash>;
  depParts: ReadonlyMap<TaskId, DependencyPart> | Record<string, DependencyPart>;
}

export function fingerprintParts(task: Task, inputs: FingerprintInputs): FingerprintParts {
  const deps: Record<string, DependencyPart> =
    inputs.depParts instanceof Map ? Object.fromEntries(inputs.depParts) : { ...(inputs.depParts as Record<string, DependencyPart>) };
  return {
    state: STATE_VERSION,
    definition: JSON.parse(canonicalJson(taskDefinition(task))) as TaskDefinition,
    agentVersion: inputs.agentVersion,
    inputs: inputs.inputHashes,
    dependencies: deps,
  };
}

export function hashParts(parts: FingerprintParts): Fingerprint {
  return hashBytes(canonicalJson(parts)) as string as Fingerprint;
}

/** `fingerprint(task, { agentVersion, inputHashes, depParts })` → the hash and its parts. */
export function fingerprint(task: Task, inputs: FingerprintInputs): { fingerprint: Fingerprint; parts: FingerprintParts } {
  const parts = fingerprintParts(task, inputs);
  return { fingerprint: hashParts(parts), parts };
}

/** What differs between two fingerprints' parts, one line each: "input src/a.ts changed". */
export function diffParts(recorded: FingerprintParts, current: FingerprintParts): string[] {
  const out: string[] = [];
  if (recorded.state !== current.state) out.push(`state format changed (${recorded.state} -> ${current.state})`);
  const defKeys = new Set([...Object.keys(recorded.definition), ...Object.keys(current.definition)]);
  for (const key of [...defKeys].sort()) {
    if (canonicalJson(recorded.definition[key]) !== canonicalJson(current.definition[key])) out.push(`definition: ${key} changed`);
  }
  if (recorded.agentVersion !== current.agentVersion) {
    out.push(`agent version changed (${recorded.agentVersion || 'none'} -> ${current.agentVersion || 'none'})`);
  }
  diffRecords(recorded.inputs, current.inputs, 'input', out);
  const depIds = new Set([...Object.keys(recorded.dependencies), ...Object.keys(current.dependencies)]);
  for (const id of [...depIds].sort()) {
    const a = recorded.dependencies[id];
    const b = current.dependencies[id];
    if (!a) out.push(`dependency ${id} added`);
    else if (!b) out.push(`dependency ${id} removed`);
    else if (canonicalJson(a) !== canonicalJson(b)) {
      if ('outputs' in a && 'outputs' in b) {
        const lines: string[] = [];
        diffRecords(a.outputs, b.outputs, 'output', lines);
        out.push(`dependency ${id}: ${lines.join(', ')}`);
      } else out.push(`dependency ${id} changed`);
    }
  }
  return out;
}

function diffRecords(a: Record<string, string>, b: Record<string, string>, what: string, out: string[]): void {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    if (a[key] === undefined) out.push(`${what} ${key} added`);
    else if (b[key] === undefined) out.push(`${what} ${key} removed`);
    else if (a[key] !== b[key]) out.push(`${what} ${key} changed`);
  }
}
