// The final summary as Markdown: for `--report FILE.md` and GitHub's job summary. Pure.
import { formatCost, formatDuration, formatTokens } from './format.ts';
import type { RunSummary, SummaryStatus } from './run-summary.ts';

const badge: Record<SummaryStatus, string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  cached: '♻️ cached',
  skipped: '⏭️ skipped',
  'not run': '⏸️ not run',
  interrupted: '⛔ interrupted',
  queued: '⏸️ queued',
  running: '⏸️ running',
  waiting: '⏸️ waiting',
  retrying: '⏸️ retrying',
};

/** Escapes a table cell: pipes, backslashes, HTML and line breaks would break the table. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function renderSummaryMarkdown(summary: RunSummary): string {
  const title = `## orchestra: ${markdownCell(summary.planName ?? 'run')} ${summary.status === 'succeeded' ? 'succeeded' : summary.status}`;
  const header = ['| Task | Status | Attempts | Time | Cost | Tokens (in / out / cache read) | Why |', '| --- | --- | ---: | ---: | ---: | ---: | --- |'];
  const rows = summary.rows.map((row) => {
    const tokens = row.usage
      ? `${formatTokens(row.usage.inputTokens + row.usage.cacheCreationInputTokens)} / ${formatTokens(row.usage.outputTokens)} / ${formatTokens(row.usage.cacheReadInputTokens)}`
      : '-';
    return `| ${code(row.id)} | ${badge[row.status]} | ${row.attempts || '-'} | ${row.durationMs > 0 ? formatDuration(row.durationMs) : '-'} | ${formatCost(row.costUsd)} | ${tokens} | ${markdownCell(row.note ?? '')} |`;
  });
  const speedUp = summary.speedUp !== undefined ? ` (${summary.speedUp.toFixed(1)}× parallel speed-up)` : '';
  const facts = [
    `**Total cost:** ${formatCost(summary.costUsd)} · **tokens:** ${formatTokens(summary.tokens)}`,
    `**Wall time:** ${formatDuration(summary.wallMs)} for ${formatDuration(summary.taskMs)} of task time${speedUp}`,
  ];
  if (summary.criticalPath.ids.length) {
    facts.push(`**Critical path:** ${summary.criticalPath.ids.map(code).join(' → ')} (${formatDuration(summary.criticalPath.durationMs)})`);
  }
  const warnings = summary.warnings.map((w) => `> ⚠️ ${w.id ? `${code(w.id)}: ` : ''}${markdownCell(w.message)}`);
  const failures = summary.rows.filter((row) => row.status === 'failed').flatMap((row) => failureBlock(row));
  return [title, '', ...header, ...rows, '', facts.join('  \n'), ...(warnings.length ? ['', ...warnings] : []), ...failures, ''].join('\n');
}

/** A failed task's message and output tail, folded so a long tail does not bury the table. */
function failureBlock(row: RunSummary['rows'][number]): string[] {
  const lines = ['', `<details><summary>${markdownCell(row.id)} failed: ${markdownCell(row.note ?? '')}</summary>`, ''];
  if (row.detail) {
    const tail = row.detail.replace(/\s+$/, '').split(/\r?\n/).slice(-40).join('\n');
    const fence = '`'.repeat(Math.max(3, ...[...tail.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    lines.push(`${fence}text`, tail, fence, '');
  }
  if (row.logFile) lines.push(`Log: ${code(row.logFile)}`, '');
  lines.push('</details>');
  return lines;
}
