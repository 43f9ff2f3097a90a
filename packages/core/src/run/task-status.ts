// Is a task cached, stale (and why), or never run? THE function that decides skips: `run` uses it for
// every task it reaches, and `status`, `explain`, `plan --dry-run` and the forecast use it too, so they
// can never disagree with what `run` would do.
//
// cached  <=>  the state holds a success with the same fingerprint (definition, agent version, input
//              contents, dependencies' outputs, state format) and every output recorded then still has
//              its recorded hash (and the output globs match no new file), every input could be read,
//              and the last attempt did not fail or get interrupted since.
import { diffParts, fingerprint, type DependencyPart, type FingerprintParts } from '../fingerprint/fingerprint.ts';
import type { ContentHash, Fingerprint } from '../fingerprint/content-hash.ts';
import type { HashedFiles } from '../fingerprint/hash-patterns.ts';
import type { Task, TaskId } from '../plan/model.ts';
import type { SuccessRecord, TaskState } from '../state/state-format.ts';

export type Freshness =
  /** `receipt`: cached by the task's receipt (see receipts.ts), which the caller records as its success. */
  | { kind: 'cached'; fingerprint: Fingerprint; parts: FingerprintParts; receipt?: SuccessRecord }
  /** `waitingOn`: dependencies not done yet ("dependency X will run", the last reasons). */
  | { kind: 'stale'; reasons: string[]; fingerprint?: Fingerprint; parts?: FingerprintParts; waitingOn?: TaskId[] }
  | { kind: 'never-run'; reasons: string[]; fingerprint?: Fingerprint; parts?: FingerprintParts; waitingOn?: TaskId[] };

/** What the decision needs, as data and plain functions (no files, no clock). */
export interface FreshnessInputs {
  agentVersion: string;
  /** Current content hashes of the task's inputs (globs expanded). */
  inputHashes: Record<string, ContentHash>;
  /** Inputs that exist but could not be read (path -> why): the task cannot be cached then. */
  unreadableInputs?: Record<string, string>;
  /**
   * Each dependency's part: its outputs as they are now, or its fingerprint when it declares none.
   * `undefined` for a dependency that is not (yet) done and fresh: the task cannot be cached then.
   */
  dependencyPart(id: TaskId): DependencyPart | undefined;
  /** The task's declared outputs as they are now, globs expanded again (a new match is a change). */
  outputHashes(): HashedFiles;
  forced?: boolean;
  /** A run in progress (it holds the plan's lock) is running the task: said instead of "interrupted". */
  runningNow?: boolean;
  /**
   * The task's receipt, when one is on disk: a success recorded elsewhere and restored with the outputs.
   * It caches the task only as the state's success would: same fingerprint, and the outputs it records
   * are the files on disk.
   */
  receipt?: SuccessRecord;
}

export function taskStatus(task: Task, record: TaskState | undefined, inputs: FreshnessInputs): Freshness {
  const depParts = new Map<TaskId, DependencyPart>();
  const waiting: TaskId[] = [];
  for (const dep of task.dependsOn) {
    const part = inputs.dependencyPart(dep);
    if (part) depParts.set(dep, part);
    else waiting.push(dep);
  }
  const { fingerprint: fp, parts } = fingerprint(task, { agentVersion: inputs.agentVersion, inputHashes: inputs.inputHashes, depParts });
  const success = record?.success;
  if (waiting.length > 0) {
    // Not decidable until those dependencies have run (early cutoff may still spare this task). For
    // status and explain, the parts assume they reproduce what this task was built from, so its own
    // changes (definition, inputs, outputs) are still named.
    const assumed = new Map(Object.entries(parts.dependencies));
    for (const dep of waiting) {
      const recorded = success && Object.hasOwn(success.parts.dependencies, dep) ? success.parts.dependencies[dep] : undefined;
      if (recorded !== undefined) assumed.set(dep, recorded);
    }
    const hypothetical = { ...parts, dependencies: Object.fromEntries([...assumed].sort(([a], [b]) => (a < b ? -1 : 1))) };
    const later = waiting.map((dep) => `dependency ${dep} will run`);
    if (!success) return { kind: 'never-run', reasons: [neverRunReason(record, inputs.runningNow), ...unreadable(inputs), ...later], parts: hypothetical, waitingOn: waiting };
    const own = staleReasons(record!.status, success, hypothetical, inputs).filter((r) => !waiting.some((dep) => r === `dependency ${dep} added`));
    return { kind: 'stale', reasons: [...own, ...later], parts: hypothetical, waitingOn: waiting };
  }
  const reasons = success ? staleReasons(record!.status, success, parts, inputs, fp) : undefined;
  if (reasons && reasons.length === 0) return { kind: 'cached', fingerprint: fp, parts };
  const receipt = inputs.receipt;
  if (receipt && receipt.fingerprint === fp && staleReasons('succeeded', receipt, parts, inputs, fp).length === 0) {
    return { kind: 'cached', fingerprint: fp, parts, receipt };
  }
  if (!reasons) return { kind: 'never-run', reasons: [neverRunReason(record, inputs.runningNow), ...unreadable(inputs)], fingerprint: fp, parts };
  return { kind: 'stale', reasons, fingerprint: fp, parts };
}

function staleReasons(
  status: TaskState['status'],
  success: SuccessRecord,
  parts: FingerprintParts,
  inputs: FreshnessInputs,
  fp?: Fingerprint,
): string[] {
  const reasons: string[] = [];
  if (inputs.forced) reasons.push('forced');
  if (status === 'failed') reasons.push('its last attempt failed');
  if (status === 'running') reasons.push(inputs.runningNow ? 'running now, in the run in progress' : 'its last run was interrupted');
  reasons.push(...unreadable(inputs));
  if (fp === undefined || success.fingerprint !== fp) {
    const diff = diffParts(success.parts, parts);
    if (diff.length > 0) reasons.push(...diff);
    else if (fp !== undefined) reasons.push('fingerprint changed');
  }
  const outputs = inputs.outputHashes();
  for (const [file, hash] of Object.entries(success.outputs)) {
    const now = outputs.hashes[file];
    if (Object.hasOwn(outputs.unreadable, file)) continue;
    if (now === undefined) reasons.push(`output ${file} deleted`);
    else if (now !== hash) reasons.push(`output ${file} modified`);
  }
  for (const file of Object.keys(outputs.hashes)) {
    if (!Object.hasOwn(success.outputs, file)) reasons.push(`output ${file} added`);
  }
  for (const [file, why] of Object.entries(outputs.unreadable)) reasons.push(`output ${file} could not be read (${why})`);
  return reasons;
}

function unreadable(inputs: FreshnessInputs): string[] {
  return Object.entries(inputs.unreadableInputs ?? {}).map(([file, why]) => `input ${file} could not be read (${why})`);
}

/** The part a finished dependency contributes to its dependents' fingerprints. */
export function dependencyPartOf(task: Task, record: TaskState | undefined): DependencyPart | undefined {
  const success = record?.success;
  if (!success) return undefined;
  return task.outputs.length > 0 ? { outputs: success.outputs } : { fingerprint: success.fingerprint };
}

function neverRunReason(record: TaskState | undefined, runningNow = false): string {
  const last = record?.attempts.at(-1);
  if (!last) return 'no success recorded';
  if (last.outcome === 'running') return runningNow ? 'no success yet (running now, in the run in progress)' : 'no success yet (its last run was interrupted)';
  return `no success yet (attempt ${last.number} failed${last.failure ? `: ${last.failure.message}` : ''})`;
}
