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

/**
 * What a fingerprint is made of, kept in the state so `explain` can say what changed. Compact on
 * purpose (10,000 tasks' worth is read at every start): definition fields and dependency parts are
 * recorded as short hashes, input files with their content hashes.
 */
export interface FingerprintParts {
  state: number;
  /** Field of the resolved definition -> short hash of its value. */
  definition: Record<string, string>;
  agentVersion: string;
  inputs: Record<string, ContentHash>;
  /** Dependency id -> short hash of its part (its outputs' hashes, or its fingerprint). */
  dependencies: Record<string, string>;
}

/** The fields of a task that decide its result. Not: description, timeout, retries, locks, isolation. */
export type TaskDefinition = Record<string, unknown>;

export function taskDefinition(task: Task): TaskDefinition {
  return {
    agent: task.agent,
    prompt: task.prompt,
    run: task.run,
    verify: task.verify,
    // Sets, not lists: their order and repeats change nothing (argv and verify keep theirs: it matters).
    inputs: sortedUnique(task.inputs),
    outputs: sortedUnique(task.outputs),
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

/** taskDefinition's keys, sorted once (the digest walks them in this order). */
export const DEFINITION_KEYS = [
  'addDirs',
  'agent',
  'allowedTools',
  'appendSystemPrompt',
  'disallowedTools',
  'inputs',
  'maxTurns',
  'mcpConfig',
  'model',
  'outputs',
  'permissionMode',
  'prompt',
  'run',
  'verify',
] as const;

function sortedUnique(items: readonly string[]): string[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface FingerprintInputs {
  agentVersion: string;
  inputHashes: Record<string, ContentHash>;
  depParts: ReadonlyMap<TaskId, DependencyPart> | Record<string, DependencyPart>;
}

/**
 * A short, fast (non-cryptographic, FNV-1a 52-bit) hash: enough to tell which part changed. The
 * fingerprint itself is a sha256 over the full values, not over these.
 */
export function shortHash(text: string): string {
  let lo = 0x2325;
  let hi = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // state * 0x100000001b3 (the 64-bit FNV prime) mod 2^52, in two exact 26-bit halves
    const a = lo * 0x1b3;
    const b = hi * 0x1b3 + (lo & 0xfff) * 0x4000 + Math.floor(a / 0x4000000);
    lo = a % 0x4000000;
    hi = b % 0x4000000;
  }
  return (hi * 0x4000000 + lo).toString(16).padStart(13, '0');
}

interface DefinitionDigest {
  /** Canonical JSON of the whole definition: what the fingerprint hashes. */
  json: string;
  /** Field -> short hash, fields sorted, undefined fields left out. */
  fields: Record<string, string>;
}

const definitionCache = new WeakMap<Task, DefinitionDigest>();

function definitionDigest(task: Task): DefinitionDigest {
  let known = definitionCache.get(task);
  if (!known) {
    const def = taskDefinition(task);
    const fields: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const key of DEFINITION_KEYS) {
      if (def[key] === undefined) continue;
      const json = canonicalJson(def[key]);
      fields[key] = shortHash(json);
      values[key] = json;
    }
    known = { json: JSON.stringify(values), fields };
    definitionCache.set(task, known);
  }
  return known;
}

/**
 * The definition digests of a plan's tasks as plain data (for the compiled-plan cache, which stores
 * them beside the plan), and the way back: `primeDefinitionDigests` seeds the memo with digests
 * computed by this very code for tasks of the same content (the cache's key covers this file).
 */
export function definitionDigestsOf(tasks: Iterable<Task>): DefinitionDigest[] {
  return [...tasks].map(definitionDigest);
}

export function primeDefinitionDigests(tasks: readonly Task[], digests: readonly DefinitionDigest[]): void {
  if (digests.length !== tasks.length) return;
  for (let i = 0; i < tasks.length; i++) {
    const digest = digests[i];
    if (digest && typeof digest.json === 'string' && digest.fields && typeof digest.fields === 'object') definitionCache.set(tasks[i]!, digest);
  }
}

/** Field -> short hash of the task's resolved definition (for `explain`). */
export function definitionHashes(task: Task): Record<string, string> {
  return definitionDigest(task).fields;
}

/** A dependency's recorded outputs (one object per success, never changed in place) → its part's canonical JSON and short hash. */
const outputsDigestCache = new WeakMap<object, { json: string; short: string }>();

/** canonicalJson(part) and its short hash; computed once per recorded outputs object, not once per dependent. */
function dependencyDigest(part: DependencyPart): { json: string; short: string } {
  const outputs = 'outputs' in part && Object.keys(part).length === 1 ? part.outputs : undefined;
  const known = outputs && outputsDigestCache.get(outputs);
  if (known) return known;
  const json = canonicalJson(part);
  const digest = { json, short: shortHash(json) };
  if (outputs) outputsDigestCache.set(outputs, digest);
  return digest;
}

/** `fingerprint(task, { agentVersion, inputHashes, depParts })` → the hash and its parts. */
export function fingerprint(task: Task, inputs: FingerprintInputs): { fingerprint: Fingerprint; parts: FingerprintParts } {
  const entries: [string, DependencyPart][] =
    inputs.depParts instanceof Map ? [...inputs.depParts] : Object.entries(inputs.depParts as Record<string, DependencyPart>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const depJson: string[] = [];
  // No prototype: a dependency may be called `__proto__`, a file `constructor`.
  const dependencies = Object.create(null) as Record<string, string>;
  for (const [id, part] of entries) {
    const { json, short } = dependencyDigest(part);
    depJson.push(id, json);
    dependencies[id] = short;
  }
  const inputHashes = Object.create(null) as Record<string, ContentHash>;
  for (const file of Object.keys(inputs.inputHashes).sort()) inputHashes[file] = inputs.inputHashes[file]!;
  const digest = definitionDigest(task);
  const fp = hashBytes(JSON.stringify([STATE_VERSION, digest.json, inputs.agentVersion, inputHashes, depJson])) as string as Fingerprint;
  return {
    fingerprint: fp,
    parts: { state: STATE_VERSION, definition: digest.fields, agentVersion: inputs.agentVersion, inputs: inputHashes, dependencies },
  };
}

/** What differs between two fingerprints' parts, one line each: "input src/a.ts changed". */
export function diffParts(recorded: FingerprintParts, current: FingerprintParts): string[] {
  const out: string[] = [];
  if (recorded.state !== current.state) out.push(`state format changed (${recorded.state} -> ${current.state})`);
  const defKeys = new Set([...Object.keys(recorded.definition), ...Object.keys(current.definition)]);
  for (const key of [...defKeys].sort()) {
    if (recorded.definition[key] !== current.definition[key]) out.push(`definition: ${key} changed`);
  }
  if (recorded.agentVersion !== current.agentVersion) {
    out.push(`agent version changed (${recorded.agentVersion || 'none'} -> ${current.agentVersion || 'none'})`);
  }
  diffRecords(recorded.inputs, current.inputs, 'input', out);
  diffRecords(recorded.dependencies, current.dependencies, 'dependency', out, (id) => `dependency ${id}'s outputs changed`);
  return out;
}

function diffRecords(a: Record<string, string>, b: Record<string, string>, what: string, out: string[], changed?: (key: string) => string): void {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    if (a[key] === undefined) out.push(`${what} ${key} added`);
    else if (b[key] === undefined) out.push(`${what} ${key} removed`);
    else if (a[key] !== b[key]) out.push(changed ? changed(key) : `${what} ${key} changed`);
  }
}
