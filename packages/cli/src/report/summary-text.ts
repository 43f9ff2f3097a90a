// The final table for a terminal or a log. Pure: summary in, lines out.
import { detailLines } from './event-lines.ts';
import { formatCost, formatDuration, formatTokens } from './format.ts';
import type { RunSummary, SummaryStatus } from './run-summary.ts';
import type { TerminalStyle } from './terminal-style.ts';
import { renderTable } from './text-table.ts';

function statusCell(status: SummaryStatus, style: TerminalStyle): string {
  const { color, sym } = style;
  switch (status) {
    case 'succeeded':
      return color.green(`${sym.succeeded} succeeded`);
    case 'failed':
      return color.red(`${sym.failed} failed`);
    case 'cached':
      return color.cyan(`${sym.cached} cached`);
    case 'skipped':
      return color.dim(`${sym.skipped} skipped`);
    case 'interrupted':
      return color.yellow(`${sym.failed} interrupted`);
    case 'not run':
      return color.dim(`${sym.queued} not run`);
    default:
      return `${sym.retrying} ${status}`;
  }
}

const headline: Record<RunSummary['status'], string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  interrupted: 'was interrupted',
  'budget-exhausted': 'stopped: the budget is spent',
  'usage-limit': 'stopped: the usage limit was reached',
  'auth-failed': 'stopped: authentication failed',
  unfinished: 'ended before it finished',
};

/** Above this many rows, cached rows are counted on one line instead of listed (a cached re-run of
 * 10,000 tasks is one line, not 10,000 rows); what ran, failed or was skipped is always listed. */
export const MAX_LISTED_ROWS = 50;

/** `failureDetails`: also each failed task's output tail and log (when no line above showed them). */
export function renderSummaryText(summary: RunSummary, options: { style: TerminalStyle; columns: number; failureDetails?: boolean }): string[] {
  const { style, columns } = options;
  const { color, sym } = style;
  const cached = summary.rows.length > MAX_LISTED_ROWS ? summary.rows.filter((row) => row.status === 'cached').length : 0;
  const listed = cached > 0 ? summary.rows.filter((row) => row.status !== 'cached') : summary.rows;
  const rows = listed.map((row) => [
    row.id,
    statusCell(row.status, style),
    row.attempts ? String(row.attempts) : '-',
    row.durationMs > 0 ? formatDuration(row.durationMs) : '-',
    formatCost(row.costUsd),
    formatTokens(row.tokens),
    row.note ?? '',
  ]);
  const table = renderTable(
    [
      { header: 'task' },
      { header: 'status' },
      { header: 'attempts', align: 'right' },
      { header: 'time', align: 'right' },
      { header: 'cost', align: 'right' },
      { header: 'tokens', align: 'right' },
      { header: 'why', flexible: true },
    ],
    rows,
    { maxWidth: columns, ellipsis: sym.ellipsis, styleHeader: color.dim },
  );
  const ok = summary.status === 'succeeded';
  const name = summary.planName ? ` ${summary.planName}` : '';
  const lines = [''];
  if (listed.length > 0) lines.push(...table);
  if (cached > 0) lines.push(`${statusCell('cached', style)}: ${cached.toLocaleString('en')} tasks, unchanged since their last success (not listed)`);
  lines.push(
    '',
    `${color.bold('Total')}: ${formatCost(summary.costUsd)}, ${formatTokens(summary.tokens)} tokens`,
    `${color.bold('Time')}: ${formatDuration(summary.wallMs)} wall for ${formatDuration(summary.taskMs)} of task time${
      summary.speedUp !== undefined ? ` (${summary.speedUp.toFixed(1)}x parallel speed-up)` : ''
    }`,
  );
  if (summary.criticalPath.ids.length) {
    lines.push(
      `${color.bold('Critical path')}: ${summary.criticalPath.ids.join(` ${sym.arrow} `)} (${formatDuration(summary.criticalPath.durationMs)})`,
    );
  }
  if (options.failureDetails) {
    for (const row of summary.rows.filter((r) => r.status === 'failed')) {
      lines.push(`${color.red(sym.failed)} ${color.bold(row.id)}: ${row.note ?? 'failed'}`, ...detailLines(row, style));
      if (row.logFile) lines.push(color.dim(`    log: ${row.logFile}`));
    }
  }
  for (const warning of summary.warnings) lines.push(color.yellow(`${sym.warning} ${warning.id ? `${warning.id}: ` : ''}${warning.message}`));
  lines.push(ok ? color.green(`orchestra:${name} ${headline[summary.status]}`) : color.red(`orchestra:${name} ${headline[summary.status]}`));
  return lines;
}
