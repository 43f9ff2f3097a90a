// Off a TTY or in CI: one plain line per event, then the final table. No cursor movement, no spinner;
// colour only when FORCE_COLOR asks for it. Under GitHub Actions a failed task also prints an
// `::error` annotation.
import type { OrchestraEvent } from '@orchestra/core';
import { eventLines } from './event-lines.ts';
import { summarizeRun } from './run-summary.ts';
import { renderSummaryText } from './summary-text.ts';
import type { TerminalStyle } from './terminal-style.ts';
import type { SinkContext, ViewSink, Writable } from './view-sink.ts';

export interface PlainSinkOptions {
  stream: Writable;
  style: TerminalStyle;
  context: SinkContext;
  /** Under GitHub Actions: the `::error` line for a failed task. */
  annotate?: (event: Extract<OrchestraEvent, { type: 'task-failed' }>) => string;
  /** Width of the final table (lines are not cut otherwise). */
  columns: number;
}

export function createPlainSink({ stream, style, context, annotate, columns }: PlainSinkOptions): ViewSink {
  return {
    onEvent(event, view) {
      const lines = eventLines(event, view, style);
      if (annotate && event.type === 'task-failed') lines.push(annotate(event));
      if (lines.length) stream.write(`${lines.join('\n')}\n`);
    },
    close(view) {
      const summary = summarizeRun(view, context.plan, context.now());
      stream.write(`${renderSummaryText(summary, { style, columns }).join('\n')}\n`);
    },
  };
}
