// Plays a recorded event stream (NDJSON file, with the gaps between events scaled by SPEED) through
// the real reporter on this process's terminal. Lets the live view be checked in a pseudo-terminal
// without an engine. Ctrl-C ends the run as "interrupted", as the run command does.
import { readFileSync } from 'node:fs';
import { EVENTS_VERSION, type OrchestraEvent } from '@orchestra/core';
import { processIo } from '../../packages/cli/src/io.ts';
import { createReporter } from '../../packages/cli/src/report/create-reporter.ts';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: replay-events.ts EVENTS.ndjson');
const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as OrchestraEvent);
const speed = Number(process.env.SPEED ?? '1');
const reporter = await createReporter({ io: processIo(), json: false });
const started = Date.now();
let stopped = false;

process.once('SIGINT', () => {
  stopped = true;
});

const first = Date.parse(events[0]?.time ?? new Date().toISOString());
for (const event of events) {
  const due = started + (Date.parse(event.time) - first) / speed;
  while (!stopped && Date.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.min(20, due - Date.now())));
  if (stopped) break;
  // Re-stamp with the real clock so elapsed times on screen are true.
  reporter.onEvent({ ...event, time: new Date().toISOString() });
}
if (stopped) {
  const zero = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
  reporter.onEvent({
    v: EVENTS_VERSION,
    time: new Date().toISOString(),
    type: 'run-finished',
    status: 'interrupted',
    durationMs: Date.now() - started,
    counts: { succeeded: 0, cached: 0, failed: 0, skipped: 0, notRun: 0 },
    costUsd: 0,
    usage: zero,
  });
}
await reporter.close?.();
process.exitCode = stopped ? 130 : 0;
