// Is a task cached, stale (and why), or never run? THE function that decides skips: `run` uses it for
// every task it reaches, and `status`, `explain`, `plan --dry-run` and the forecast use it too, so they
// can never disagree with what `run` would do.
//
// cached  <=>  the state holds a success with the same fingerprint (definition, agent version, input
//              contents, dependencies' outputs, state format) and every output recorded then still has
//              its recorded hash, and the last attempt did not fail or get interrupted since.
import { diffParts, fingerprint, type DependencyPart, type FingerprintParts } from '../fingerprint/fingerprint.ts';
import type { ContentHash, Fingerprint } from '../fingerprint/content-hash.ts';
import type { Task, TaskId } from '../plan/model.ts';
import type { TaskState } from '../state/state-format.ts';

export type Freshness =
  | { kind: 'cached'; fingerprint: Fingerprint; parts: FingerprintParts }
  | { kind: 'stale'; reasons: string[]; fingerprint?: Fingerprint; parts?: FingerprintParts }
  | { kind: 'never-run'; reasons: string[]; fingerprint?: Fingerprint; parts?: FingerprintParts };

/** What the decision needs, as data and plain functions (no files, no clock). */
export interface FreshnessInputs {
  agentVersion: string;
  /** Current content hashes of the task's inputs (globs expanded). */
  inputHashes: Record<string, ContentHash>;
  /**
   * Each dependency's part: its outputs as they are now, or its fingerprint when it declares none.
   * `undefined` for a dependency that is not (yet) done and fresh: the task cannot be cached then.
   */
  dependencyPart(id: TaskId): DependencyPart | undefined;
  /** Current hash of a workspace-relative file, or undefined when missing. */
  fileHash(path: string): ContentHash | undefined;
  forced?: boolean;
}

export function taskStatus(task: Task, record: TaskState | undefined, inputs: FreshnessInputs): Freshness {
  const depParts = new Map<TaskId, DependencyPart>();
  const waiting: string[] = [];
  for (const dep of task.dependsOn) {
    const part = inputs.dependencyPart(dep);
    if (part) depParts.set(dep, part);
    else waiting.push(dep);
  }
  if (waiting.length > 0) {
    const reasons = waiting.map((dep) => `dependency ${dep} will run`);
    return record?.success ? { kind: 'stale', reasons } : { kind: 'never-run', reasons: [neverRunReason(record), ...reasons] };
  }
  const { fingerprint: fp, parts } = fingerprint(task, { agentVersion: inputs.agentVersion, inputHashes: inputs.inputHashes, depParts });
  const success = record?.success;
  if (!success) return { kind: 'never-run', reasons: [neverRunReason(record)], fingerprint: fp, parts };
  const reasons: string[] = [];
  if (inputs.forced) reasons.push('forced');
  if (record.status === 'failed') reasons.push('its last attempt failed');
  if (record.status === 'running') reasons.push('its last run was interrupted');
  if (success.fingerprint !== fp) {
    const diff = diffParts(success.parts, parts);
    reasons.push(...(diff.length > 0 ? diff : ['fingerprint changed']));
  }
  for (const [file, hash] of Object.entries(success.outputs)) {
    const now = inputs.fileHash(file);
    if (now === undefined) reasons.push(`output ${file} deleted`);
    else if (now !== hash) reasons.push(`output ${file} modified`);
  }
  if (reasons.length > 0) return { kind: 'stale', reasons, fingerprint: fp, parts };
  return { kind: 'cached', fingerprint: fp, parts };
}

/** The part a finished dependency contributes to its dependents' fingerprints. */
export function dependencyPartOf(task: Task, record: TaskState | undefined): DependencyPart | undefined {
  const success = record?.success;
  if (!success) return undefined;
  return task.outputs.length > 0 ? { outputs: success.outputs } : { fingerprint: success.fingerprint };
}

function neverRunReason(record: TaskState | undefined): string {
  const last = record?.attempts.at(-1);
  if (!last) return 'no success recorded';
  if (last.outcome === 'running') return 'no success yet (its last run was interrupted)';
  return `no success yet (attempt ${last.number} failed${last.failure ? `: ${last.failure.message}` : ''})`;
}
