// `--json`: every event as one line of JSON on stdout (NDJSON), exactly as the engine emitted it.
// The schema is documented in docs/events.md.
import type { ViewSink, Writable } from './view-sink.ts';

export function createJsonSink(stream: Writable): ViewSink {
  return {
    onEvent(event) {
      stream.write(`${JSON.stringify(event)}\n`);
    },
    close() {},
  };
}
