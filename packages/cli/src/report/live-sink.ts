// On a terminal: the running tasks and the counts, redrawn in place by log-update every 100 ms and
// soon after each event (never per output line). Finished tasks scroll above as single lines. On
// close the frame is erased, the cursor restored and the final table printed, so the screen is clean
// also after Ctrl-C.
import { createLogUpdate } from 'log-update';
import { outcomeLines } from './event-lines.ts';
import { fitWidth } from './fit-width.ts';
import { renderLiveFrame } from './live-frame.ts';
import { summarizeRun } from './run-summary.ts';
import type { RunView } from './run-view.ts';
import { renderSummaryText } from './summary-text.ts';
import type { TerminalStyle } from './terminal-style.ts';
import type { SinkContext, ViewSink, Writable } from './view-sink.ts';

export interface LiveSinkOptions {
  stream: Writable;
  style: TerminalStyle;
  context: SinkContext;
  intervalMs?: number;
}

const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

export function createLiveSink({ stream, style, context, intervalMs = 100 }: LiveSinkOptions): ViewSink {
  // log-update hides the cursor through cli-cursor on stderr; we own our stream's cursor instead.
  const log = createLogUpdate(stream, { showCursor: true });
  const pending: string[] = [];
  let current: RunView | undefined;
  let timer: NodeJS.Timeout | undefined;
  let soon: NodeJS.Immediate | undefined;
  let closed = false;
  const size = () => ({ columns: Math.max(20, (stream.columns ?? 80) - 1), rows: Math.max(4, stream.rows ?? 24) });

  const draw = () => {
    soon = undefined;
    if (closed || !current) return;
    const { columns, rows } = size();
    if (pending.length) log.persist(pending.splice(0).join('\n'));
    log(renderLiveFrame(current, { now: context.now(), columns, rows, style }).join('\n'));
  };
  const restoreCursor = () => stream.write(SHOW_CURSOR);
  const onResize = () => draw();

  const stop = () => {
    closed = true;
    if (timer) clearInterval(timer);
    if (soon) clearImmediate(soon);
    if ('off' in stream && typeof stream.off === 'function') stream.off('resize', onResize);
    process.off('exit', restoreCursor);
    log.clear();
  };

  return {
    abandon() {
      if (closed) return;
      stop();
      if (timer) stream.write(SHOW_CURSOR);
    },
    onEvent(event, view) {
      current = view;
      if (!timer) {
        stream.write(HIDE_CURSOR);
        process.once('exit', restoreCursor);
        if ('on' in stream && typeof stream.on === 'function') stream.on('resize', onResize);
        timer = setInterval(draw, intervalMs);
        timer.unref();
      }
      // One row each, cut to the width: the final table and the failure details give the rest.
      const { columns } = size();
      pending.push(...outcomeLines(event, view, style, true).map((line) => fitWidth(line, columns, style.sym.ellipsis)));
      // Output lines only change a task's latest action: the next tick shows it.
      if (event.type !== 'task-output' && !soon) soon = setImmediate(draw);
    },
    close(view) {
      if (closed) return;
      stop();
      const { columns } = size();
      const summary = summarizeRun(view, context.plan, context.now());
      const lines = [...pending.splice(0), ...renderSummaryText(summary, { style, columns, failureDetails: true })];
      stream.write(`${lines.join('\n')}\n${timer ? SHOW_CURSOR : ''}`);
      log.done();
    },
  };
}
