// Chooses how a run is shown. Placeholder until the reporters land (issue 8): plain lines on stderr,
// or NDJSON events on stdout with --json.
import type { OrchestraEvent, Reporter } from '@orchestra/core';
import type { CliIo } from '../io.ts';

export interface ReporterOptions {
  io: CliIo;
  json: boolean;
}

export function createReporter({ io, json }: ReporterOptions): Reporter {
  return {
    onEvent(event: OrchestraEvent) {
      if (json) io.stdout.write(`${JSON.stringify(event)}\n`);
      else if (event.type !== 'task-output') io.stderr.write(`${event.type} ${'id' in event ? event.id : ''}\n`);
    },
  };
}
