// The part of the live view that is redrawn in place: one line per running task and a line of
// counts. Pure: the run view, the clock and the terminal size in, lines out. Every line fits the
// width, and the number of lines fits the height ("+N more running" for the rest), so a redraw
// never wraps or scrolls, whatever the number of tasks.
//
//   ⠙ build        12s  #1  Bash npm test                                $0.0123
//   ↻ lint          3s  #2  retry in 2s: exit code 1
//   +3 more running
//   3/12 done · 2 running · 5 queued · 1 cached · 0 failed · $0.42 · 1m12s
import { fitWidth, padWidth } from './fit-width.ts';
import { formatCost, formatElapsed } from './format.ts';
import { countTasks, spentCost, type RunView, type TaskView } from './run-view.ts';
import type { TerminalStyle } from './terminal-style.ts';

export interface FrameOptions {
  now: number;
  columns: number;
  rows: number;
  style: TerminalStyle;
}

const ID_MAX = 24;
const SPINNER_MS = 100;

function isActive(task: TaskView): boolean {
  return task.phase === 'running' || task.phase === 'waiting' || task.phase === 'retrying';
}

function activityOf(task: TaskView, now: number, style: TerminalStyle): string {
  if (task.phase === 'retrying') {
    const wait = task.resumesAt !== undefined ? ` in ${formatElapsed(task.resumesAt - now)}` : '';
    return `retry${wait}: ${task.failure?.message ?? ''}`;
  }
  if (task.phase === 'waiting') {
    const wait = task.resumesAt !== undefined ? ` ${formatElapsed(task.resumesAt - now)}` : '';
    return `waiting${wait}: ${task.reason ?? ''}`;
  }
  return task.activity ?? style.color.dim('starting');
}

// Long ids are cut in the middle: ids of one plan often differ only at their end.
function taskLine(task: TaskView, idWidth: number, options: FrameOptions): string {
  const { now, columns, style } = options;
  const { color, sym } = style;
  const frame = sym.spinner[Math.floor(now / SPINNER_MS) % sym.spinner.length] ?? '';
  const icon = task.phase === 'retrying' ? color.yellow(sym.retrying) : task.phase === 'waiting' ? color.yellow(sym.waiting) : color.cyan(frame);
  const iconWidth = Math.max(...sym.spinner.map((s) => s.length), sym.retrying.length, sym.waiting.length);
  const elapsed = task.attemptStartedAt !== undefined ? formatElapsed(now - task.attemptStartedAt) : '';
  const cost = task.attemptCostUsd !== undefined || task.costUsd !== undefined ? formatCost((task.costUsd ?? 0) + (task.attemptCostUsd ?? 0)) : '';
  const head = `${padWidth(icon, iconWidth)} ${padWidth(task.id, idWidth, 'left', sym.ellipsis, 'middle')} ${elapsed.padStart(6)}  ${color.dim(`#${task.attempts}`)}  `;
  const headWidth = iconWidth + 1 + idWidth + 1 + 6 + 2 + String(task.attempts).length + 1 + 2;
  const costWidth = cost ? cost.length + 1 : 0;
  const room = columns - headWidth - costWidth;
  if (room < 8) return fitWidth(head.trimEnd(), columns, sym.ellipsis);
  const activity = padWidth(activityOf(task, now, style).replace(/\s+/g, ' '), room, 'left', sym.ellipsis);
  return fitWidth(`${head}${activity}${cost ? ` ${color.dim(cost)}` : ''}`.trimEnd(), columns, sym.ellipsis);
}

function countsLine(view: RunView, options: FrameOptions): string {
  const { color, sym } = options.style;
  const counts = countTasks(view);
  const parts = [
    `${counts.done + counts.cached}/${counts.total} done`,
    `${counts.running} running`,
    `${counts.queued} queued`,
    `${counts.cached} cached`,
    counts.failed ? color.red(`${counts.failed} failed`) : '0 failed',
  ];
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  parts.push(color.bold(formatCost(spentCost(view))));
  if (view.startedAt !== undefined) parts.push(formatElapsed(options.now - view.startedAt));
  return fitWidth(parts.join(` ${color.dim(sym.separator)} `), options.columns, sym.ellipsis);
}

/** The lines to draw in place. `columns` is the usable width (keep one spare cell: some terminals wrap early). */
export function renderLiveFrame(view: RunView, options: FrameOptions): string[] {
  const active = [...view.tasks.values()].filter(isActive).sort((a, b) => (a.attemptStartedAt ?? 0) - (b.attemptStartedAt ?? 0));
  const idWidth = Math.min(ID_MAX, Math.max(4, ...active.map((t) => t.id.length)));
  // Rows left for tasks: the counts line, a "+N more" line, and one spare line for the cursor.
  const room = Math.max(0, options.rows - 3);
  const shown = active.length <= room + 1 ? active : active.slice(0, room);
  const lines = shown.map((task) => taskLine(task, idWidth, options));
  if (shown.length < active.length) {
    lines.push(fitWidth(options.style.color.dim(`+${active.length - shown.length} more running`), options.columns, options.style.sym.ellipsis));
  }
  lines.push(countsLine(view, options));
  return lines;
}
