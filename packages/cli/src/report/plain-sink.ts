// Off a TTY or in CI: one plain line per event, then the final table. No cursor movement, no spinner;
// colour only when FORCE_COLOR asks for it. Under GitHub Actions a failed task also prints an
// `::error` annotation.
import { errorAnnotation } from './github-actions.ts';
import { eventLines } from './event-lines.ts';
import { summarizeRun } from './run-summary.ts';
import { renderSummaryText } from './summary-text.ts';
import type { TerminalStyle } from './terminal-style.ts';
import type { SinkContext, ViewSink, Writable } from './view-sink.ts';

export interface PlainSinkOptions {
  stream: Writable;
  style: TerminalStyle;
  context: SinkContext;
  annotations: boolean;
  /** Width of the final table (lines are not cut otherwise). */
  columns: number;
}

export function createPlainSink({ stream, style, context, annotations, columns }: PlainSinkOptions): ViewSink {
  return {
    onEvent(event, view) {
      const lines = eventLines(event, view, style);
      if (annotations && event.type === 'task-failed') lines.push(errorAnnotation(event.id, event.failure));
      if (lines.length) stream.write(`${lines.join('\n')}\n`);
    },
    close(view) {
      const summary = summarizeRun(view, context.plan, context.now());
      stream.write(`${renderSummaryText(summary, { style, columns }).join('\n')}\n`);
    },
  };
}
