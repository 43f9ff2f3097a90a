// Where a task's receipt is (see receipts.ts). Its own module, with nothing heavy behind it, because the
// Nx plugin, which loads on every nx command, names it in per-task targets' outputs.
import { safeFileName } from './log-path.ts';

/** `.orchestra/receipts/<task>.json`, relative to the plan's folder. */
export function receiptPath(taskId: string): string {
  return `.orchestra/receipts/${safeFileName(taskId)}.json`;
}
