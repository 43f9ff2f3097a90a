// The forecast as `orchestra plan` prints it. Pure: forecast in, lines out.
import { formatCost, formatDuration } from './format.ts';
import type { Estimate, Forecast } from './forecast.ts';
import type { TerminalStyle } from './terminal-style.ts';
import { renderTable } from './text-table.ts';

function unknownNote(estimate: Estimate): string {
  if (!estimate.unknown.length) return '';
  const names = estimate.unknown.length <= 3 ? ` (${estimate.unknown.join(', ')})` : '';
  return ` + unknown for ${estimate.unknown.length} task${estimate.unknown.length === 1 ? '' : 's'} without history${names}`;
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
  const atLeast = (lowerBound: boolean) => (lowerBound ? 'at least ' : '');
  lines.push(
    `  Would run ${result.toRun.length} task${result.toRun.length === 1 ? '' : 's'}: ${result.toRun.join(', ')}; ${result.cached.length} cached.`,
    `  Expected cost: ${formatCost(result.costUsd.known)}${unknownNote(result.costUsd)}`,
    `  Expected work: ${formatDuration(result.workMs.known)}${unknownNote(result.workMs)}`,
    `  Expected makespan at concurrency ${result.makespan.concurrency}: ${atLeast(result.makespan.lowerBound)}${formatDuration(result.makespan.durationMs)}`,
  );
  if (result.criticalPath.ids.length) {
    lines.push(
      `  Critical path: ${result.criticalPath.ids.join(` ${sym.arrow} `)} (${atLeast(result.criticalPath.lowerBound)}${formatDuration(result.criticalPath.durationMs)})`,
    );
  }
  return lines;
}
