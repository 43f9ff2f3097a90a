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
