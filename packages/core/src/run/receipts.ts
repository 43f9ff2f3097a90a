// Receipts: `.orchestra/receipts/<task>.json`, a task's last success (fingerprint, output hashes) in a
// file of its own, written by `orchestra run --receipts`. A cache that restores files, such as Nx's
// for per-task targets, restores the receipt with the outputs; the state file (one per plan, not
// restored) then learns from it that those outputs are a success, so a plain `orchestra run` after a
// restore does not run the task again.
//
// A receipt never makes a skip wrong: taskStatus (task-status.ts) takes it as a second candidate after
// the state's own success, under the same test (same fingerprint; the outputs it records are the files
// on disk), and only then is it recorded in the state as the task's success. A stale receipt (another
// fingerprint) is never used, so it cannot make a task run again either.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../state/atomic-write.ts';
import type { SuccessRecord } from '../state/state-format.ts';
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
export function readReceipts(stateDir: string): Map<string, SuccessRecord> {
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

/** Whether a receipt already says what `success` says (so `--receipts` need not write it again). */
export function receiptMatches(receipt: SuccessRecord | undefined, success: SuccessRecord): boolean {
  return receipt !== undefined && receipt.fingerprint === success.fingerprint && sameHashes(receipt.outputs, success.outputs);
}
