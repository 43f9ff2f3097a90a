// Receipts: `.orchestra/receipts/<task>.json`, a task's last success (fingerprint, output hashes) in a
// file of its own, written by `orchestra run --receipts`. A cache that restores files, such as Nx's
// for per-task targets, restores the receipt with the outputs; the state file (one per plan, not
// restored) then learns from it that those outputs are a success, so a plain `orchestra run` after a
// restore does not run the task again.
//
// Adopting a receipt never makes a skip wrong: it is adopted only when the files on disk are exactly the
// outputs it records, and the task is then cached only if its fingerprint also matches, as for any
// success in the state.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hashPatterns, type HashedFiles } from '../fingerprint/hash-patterns.ts';
import type { Plan, TaskId } from '../plan/model.ts';
import { writeFileAtomicSync } from '../state/atomic-write.ts';
import { newTaskState, type StateFile, type SuccessRecord } from '../state/state-format.ts';
import type { FileHasher } from '../fingerprint/file-hasher.ts';
import { safeFileName } from './log-path.ts';

const RECEIPT_VERSION = 1;

interface ReceiptFile {
  version: typeof RECEIPT_VERSION;
  task: string;
  success: SuccessRecord;
}

function receiptsDir(stateDir: string): string {
  return path.join(stateDir, 'receipts');
}

export function writeReceipt(stateDir: string, taskId: string, success: SuccessRecord): void {
  const dir = receiptsDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const receipt: ReceiptFile = { version: RECEIPT_VERSION, task: taskId, success };
  writeFileAtomicSync(path.join(dir, `${safeFileName(taskId)}.json`), `${JSON.stringify(receipt)}\n`);
}

/** The receipts in the folder, by task id; unreadable or foreign files are left out. */
function readReceipts(stateDir: string): Map<string, SuccessRecord> {
  const out = new Map<string, SuccessRecord>();
  let names: string[];
  try {
    names = readdirSync(receiptsDir(stateDir));
  } catch {
    return out; // no receipts: the common case, one failed readdir
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      const r = JSON.parse(readFileSync(path.join(receiptsDir(stateDir), name), 'utf8')) as Partial<ReceiptFile>;
      if (r.version !== RECEIPT_VERSION || typeof r.task !== 'string' || `${safeFileName(r.task)}.json` !== name) continue;
      const s = r.success;
      if (!s || typeof s.fingerprint !== 'string' || !s.outputs || typeof s.outputs !== 'object' || !s.parts) continue;
      out.set(r.task, s);
    } catch {
      // a half-written or foreign file: ignored, as if absent
    }
  }
  return out;
}

function sameHashes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function sameOutputs(recorded: Record<string, string>, found: HashedFiles): boolean {
  return Object.keys(found.unreadable).length === 0 && sameHashes(recorded, found.hashes);
}

/**
 * Puts into `state` (in memory) the success of each receipt whose outputs are exactly the files on disk,
 * when the state does not already hold that success. Returns the tasks it changed.
 */
export function adoptReceipts(plan: Plan, state: StateFile, stateDir: string, hasher: FileHasher): TaskId[] {
  const adopted: TaskId[] = [];
  for (const [id, success] of readReceipts(stateDir)) {
    const task = plan.tasks.get(id as TaskId);
    if (!task) continue;
    const current = state.tasks[id];
    const known = current?.success;
    if (known && known.fingerprint === success.fingerprint && sameHashes(known.outputs, success.outputs)) continue;
    if (!sameOutputs(success.outputs, hashPatterns(hasher, task.outputs))) continue;
    const now = new Date().toISOString();
    state.tasks[id] = { ...(current ?? newTaskState(now)), status: 'succeeded', success, updatedAt: now };
    adopted.push(task.id);
  }
  return adopted;
}
