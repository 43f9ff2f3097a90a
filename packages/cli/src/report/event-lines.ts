// One event as plain lines for people: what off-TTY runs print, and what the live view scrolls above
// itself when a task finishes. Pure: the event and the run view (already folded) in, lines out.
import type { Failure, OrchestraEvent } from '@orchestra/core';
import { formatCost, formatDuration, formatTokens } from './format.ts';
import { totalTokens, type RunView } from './run-view.ts';
import type { TerminalStyle } from './terminal-style.ts';

/** At most this many lines of a failure's detail (stderr tail, verify output) are shown. */
export const DETAIL_LINES = 12;

export function describeFailure(failure: Failure): string {
  return failure.message || failure.reason;
}

export function detailLines(failure: Pick<Failure, 'detail'>, style: TerminalStyle): string[] {
  if (!failure.detail) return [];
  const lines = failure.detail.replace(/\s+$/, '').split(/\r?\n/);
  const tail = lines.slice(-DETAIL_LINES);
  const cut = lines.length > tail.length ? [style.color.dim(`    ${style.sym.ellipsis} ${lines.length - tail.length} more lines in the log`)] : [];
  return [...cut, ...tail.map((line) => style.color.dim(`    ${line}`))];
}

function spendNote(costUsd: number | undefined, tokens: number | undefined): string {
  const parts: string[] = [];
  if (costUsd !== undefined) parts.push(formatCost(costUsd));
  if (tokens !== undefined && tokens > 0) parts.push(`${formatTokens(tokens)} tokens`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * Lines for the events that mark a finished step. `compact` (the live view, which keeps these above
 * itself): one line each; the failure's output tail then comes with the final table.
 */
export function outcomeLines(event: OrchestraEvent, view: RunView, style: TerminalStyle, compact = false): string[] {
  const { color, sym } = style;
  const task = 'id' in event && event.id !== undefined ? view.tasks.get(event.id) : undefined;
  switch (event.type) {
    case 'task-succeeded': {
      const attempts = (task?.attempts ?? 1) > 1 ? ` on attempt ${task?.attempts}` : '';
      const duration = formatDuration(task?.durationMs ?? event.durationMs);
      return [`${color.green(sym.succeeded)} ${color.bold(event.id)} succeeded in ${duration}${attempts}${spendNote(task?.costUsd, totalTokens(task?.usage))}`];
    }
    case 'task-failed': {
      const attempts = (task?.attempts ?? 1) > 1 ? ` after ${task?.attempts} attempts` : '';
      const head = `${color.red(sym.failed)} ${color.bold(event.id)} failed${attempts}: ${describeFailure(event.failure)}`;
      if (compact) return [head];
      const log = task?.logFile ? [color.dim(`    log: ${task.logFile}`)] : [];
      return [head, ...detailLines(event.failure, style), ...log];
    }
    case 'task-retrying':
      return [
        `${color.yellow(sym.retrying)} ${color.bold(event.id)} attempt ${task?.attempts ?? event.attempt} failed: ${describeFailure(event.failure)}; retrying in ${formatDuration(event.delayMs)}`,
      ];
    case 'task-cached':
      return [`${color.cyan(sym.cached)} ${color.bold(event.id)} cached: ${event.reason}`];
    case 'task-skipped':
      return [`${color.dim(sym.skipped)} ${color.bold(event.id)} skipped: ${event.reason}`];
    case 'task-waiting':
      return [`${color.yellow(sym.waiting)} ${color.bold(event.id)} waiting until ${event.untilTime}: ${event.reason}`];
    case 'warning':
      return [`${color.yellow(sym.warning)} ${event.id ? `${color.bold(event.id)}: ` : ''}${event.message}`];
    default:
      return [];
  }
}

/** Plain mode: one line (or a few, for a failure's detail) per event, no control codes but colour. */
export function eventLines(event: OrchestraEvent, view: RunView, style: TerminalStyle): string[] {
  const { color, sym } = style;
  switch (event.type) {
    case 'run-started':
      return [
        `orchestra: running ${color.bold(event.plan.name)}: ${event.taskCount} task${event.taskCount === 1 ? '' : 's'}, concurrency ${event.concurrency}, ${event.schedule}`,
      ];
    case 'task-queued':
      return [`${color.dim(sym.queued)} ${event.id} queued`];
    case 'task-started': {
      const attempts = view.tasks.get(event.id)?.attempts ?? 1;
      return [`${color.blue('>')} ${color.bold(event.id)} started${attempts > 1 ? ` (attempt ${attempts})` : ''}`];
    }
    case 'task-progress':
      return [`  ${event.id}: ${event.message}${event.costUsd !== undefined ? color.dim(` (${formatCost(event.costUsd)})`) : ''}`];
    case 'task-output':
      // Output goes to the task's log file; the failure line shows its tail.
      return [];
    case 'run-finished':
      return [];
    default:
      return outcomeLines(event, view, style);
  }
}
