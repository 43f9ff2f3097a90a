// The forecast as `orchestra plan` prints it. Pure: forecast in, lines out.
import { formatCost, formatDuration } from './format.ts';
import type { Estimate, Forecast } from './forecast.ts';
import type { TerminalStyle } from './terminal-style.ts';
import { renderTable } from './text-table.ts';

/** "$1.20", "$1.20 + unknown for 2 tasks without history (a, b)", or "unknown (...)" when nothing is known. */
function estimateText(estimate: Estimate, format: (n: number) => string): string {
  if (!estimate.unknown.length) return format(estimate.known);
  const n = estimate.unknown.length;
  const names = n <= 3 ? `: ${estimate.unknown.join(', ')}` : '';
  const why = `${n} task${n === 1 ? '' : 's'} without history${names}`;
  return estimate.known > 0 ? `${format(estimate.known)} + unknown for ${why}` : `unknown (${why})`;
}

/** A duration that may be a lower bound; "unknown" when nothing is known. */
function boundText(durationMs: number, lowerBound: boolean): string {
  if (!lowerBound) return formatDuration(durationMs);
  return durationMs > 0 ? `at least ${formatDuration(durationMs)}` : 'unknown';
}

export function renderForecastText(result: Forecast, options: { style: TerminalStyle; columns: number }): string[] {
  const { style, columns } = options;
  const { color, sym } = style;
  const rows = result.tasks.map((t) => [
    t.id,
    t.run ? color.yellow('run') : color.cyan('cached'),
    t.run ? (t.durationMs !== undefined ? formatDuration(t.durationMs) : 'unknown') : '-',
    t.run ? (t.costUsd !== undefined ? formatCost(t.costUsd) : 'unknown') : '-',
    t.reason,
  ]);
  const table = renderTable(
    [{ header: 'task' }, { header: 'next run' }, { header: 'time', align: 'right' }, { header: 'cost', align: 'right' }, { header: 'why', flexible: true }],
    rows,
    { maxWidth: columns - 2, ellipsis: sym.ellipsis, styleHeader: color.dim },
  ).map((line) => `  ${line}`);
  const lines = [color.bold('Forecast') + color.dim(' (from the recorded history in .orchestra/state.json)'), ...table, ''];
  if (!result.toRun.length) {
    lines.push(`  Nothing to run: all ${result.cached.length} tasks are cached. Expected cost: $0.`);
    return lines;
  }
  lines.push(
    `  Would run ${result.toRun.length} task${result.toRun.length === 1 ? '' : 's'}: ${result.toRun.join(', ')}; ${result.cached.length} cached.`,
    `  Expected cost: ${estimateText(result.costUsd, formatCost)}`,
    `  Expected work: ${estimateText(result.workMs, formatDuration)}`,
    `  Expected makespan at concurrency ${result.makespan.concurrency}: ${boundText(result.makespan.durationMs, result.makespan.lowerBound)}`,
  );
  if (result.criticalPath.ids.length && result.criticalPath.durationMs > 0) {
    lines.push(
      `  Critical path: ${result.criticalPath.ids.join(` ${sym.arrow} `)} (${boundText(result.criticalPath.durationMs, result.criticalPath.lowerBound)})`,
    );
  }
  if (result.tasks.some((t) => t.run && t.reason.includes('will run'))) {
    lines.push(color.dim('  Tasks that run only because a dependency runs stay cached if its outputs come out the same.'));
  }
  return lines;
}
