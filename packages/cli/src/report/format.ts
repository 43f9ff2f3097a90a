// Numbers as people read them in a terminal: durations, dollars, token counts.

/** 850ms, 12.3s, 4m05s, 1h02m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const seconds = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m${String(seconds).padStart(2, '0')}s`;
  const hours = Math.floor(totalMinutes / 60);
  return `${hours}h${String(totalMinutes % 60).padStart(2, '0')}m`;
}

/** Elapsed time of a running task, coarse so it does not flicker: 5s, 1m05s. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.floor(ms / 1000))}s`;
  return formatDuration(ms);
}

/** $0.0042, $0.12, $12.34. Four decimals below ten cents so small agent calls are not shown as $0.00. */
export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return '-';
  if (usd === 0) return '$0';
  if (Math.abs(usd) < 0.1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** 950, 12.3k, 4.5M. */
export function formatTokens(count: number | undefined): string {
  if (count === undefined) return '-';
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${(count / 1000).toFixed(1)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}
