// `--json`: every event as one line of JSON on stdout (NDJSON), exactly as the engine emitted it.
// The schema is documented in docs/events.md.
import { bufferWrites, type ViewSink, type Writable } from './view-sink.ts';

export function createJsonSink(stream: Writable): ViewSink {
  const out = bufferWrites(stream);
  return {
    onEvent(event) {
      out.write(`${JSON.stringify(event)}\n`);
    },
    close: out.flush,
    abandon: out.flush,
  };
}
