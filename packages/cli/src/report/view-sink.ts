// The reporters share one run view; each is a sink that sees every event after it is folded in.
import type { OrchestraEvent } from '@orchestra/core';
import type { RunView } from './run-view.ts';
import type { SummaryPlan } from './run-summary.ts';

export interface ViewSink {
  onEvent(event: OrchestraEvent, view: RunView): void;
  /** The run is over (or interrupted): draw the final state. Called once. */
  close(view: RunView): void | Promise<void>;
  /** The run never got going: restore the terminal, print nothing more. */
  abandon?(): void | Promise<void>;
}

export type Writable = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

export interface SinkContext {
  plan?: SummaryPlan;
  /** Epoch ms; passed in so tests control the clock. */
  now(): number;
}

/**
 * Keeps writing to `stream` until it fails (a closed pipe: `orchestra run --json | head -1`), then
 * stops quietly: a reader that went away must not crash the run and lose its state.
 */
export function guardStream<T extends Writable>(stream: T): T {
  if ((stream as { [guarded]?: boolean })[guarded]) return stream;
  let broken = false;
  stream.on('error', () => {
    broken = true;
  });
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  return new Proxy(stream, {
    get(target, key, receiver) {
      if (key === guarded) return true;
      if (key === 'write') return (chunk: string) => (broken ? false : write(chunk));
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const guarded = Symbol('orchestra.guarded');

/** Writes that wait for the end of the turn of the event loop; `flush()` writes what waits now. */
export interface BufferedWriter {
  write(chunk: string): void;
  flush(): void;
}

/**
 * Writes to `stream` once per turn of the event loop, not once per line: a run of 1,000 quick tasks
 * prints ~3,000 lines, and a write(2) each cost more than the rest of the reporting. Never sooner, however
 * much waits: the state store writes a task's end to the journal once the callback that ended it returns,
 * and a line that says it ended must not reach the screen (or a log a CI keeps) before that. What one turn
 * prints is bounded by what one turn reads. A sink flushes at its end (close or abandon).
 */
export function bufferWrites(stream: Writable): BufferedWriter {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    if (!pending) return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  return {
    write(chunk) {
      pending += chunk;
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    },
    flush,
  };
}
