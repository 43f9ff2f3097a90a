// Off a TTY or in CI: one plain line per event, then the final table. No cursor movement, no spinner;
// colour only when FORCE_COLOR asks for it. Under GitHub Actions a failed task also prints an
// `::error` annotation.
import type { OrchestraEvent } from '@orchestra/core';
import { eventLines } from './event-lines.ts';
import { summarizeRun } from './run-summary.ts';
import { renderSummaryText } from './summary-text.ts';
import type { TerminalStyle } from './terminal-style.ts';
import { bufferWrites, type SinkContext, type ViewSink, type Writable } from './view-sink.ts';

export interface PlainSinkOptions {
  stream: Writable;
  style: TerminalStyle;
  context: SinkContext;
  /** Under GitHub Actions: the `::error` line for a failed task. */
  annotate?: (event: Extract<OrchestraEvent, { type: 'task-failed' }>) => string;
  /** Width of the final table (lines are not cut otherwise). */
  columns: number;
}

/** Past this many, cached tasks get no line each: one line at the end counts the rest. */
export const CACHED_LINES = 50;

export function createPlainSink({ stream, style, context, annotate, columns }: PlainSinkOptions): ViewSink {
  const out = bufferWrites(stream);
  let cached = 0;
  return {
    onEvent(event, view) {
      if (event.type === 'task-cached' && ++cached > CACHED_LINES) return;
      const lines = eventLines(event, view, style);
      if (annotate && event.type === 'task-failed') lines.push(annotate(event));
      if (lines.length) out.write(`${lines.join('\n')}\n`);
    },
    close(view) {
      if (cached > CACHED_LINES) {
        const more = cached - CACHED_LINES;
        const { color, sym } = style;
        out.write(`${color.cyan(sym.cached)} ${more.toLocaleString('en')} more task${more === 1 ? '' : 's'} cached: unchanged since their last success (not listed one by one)\n`);
      }
      const summary = summarizeRun(view, context.plan, context.now());
      out.write(`${renderSummaryText(summary, { style, columns }).join('\n')}\n`);
      out.flush();
    },
    abandon() {
      out.flush();
    },
  };
}
