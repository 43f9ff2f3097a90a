// A reporter's line that says a task ended must not be written before the state store has the end in
// its journal: the store writes once the callback that ended the task returns, the reporters once per
// turn of the event loop, never sooner.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandAgent, runPlan, type Plan, type Task, type TaskId } from '@orchestra/core';
import { describe, expect, it } from 'vitest';
import { createPlainSink } from './plain-sink.ts';
import { applyEvent, emptyRunView } from './run-view.ts';
import { makeStyle } from './terminal-style.ts';
import { bufferWrites, type Writable } from './view-sink.ts';

function recordingStream(onWrite: (chunk: string) => void = () => {}): Writable & { chunks: string[] } {
  const chunks: string[] = [];
  return {
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      onWrite(chunk);
      return true;
    },
    on() {
      return this;
    },
  } as unknown as Writable & { chunks: string[] };
}

describe('bufferWrites', () => {
  it('writes once per turn of the event loop, however much waits', async () => {
    const stream = recordingStream();
    const out = bufferWrites(stream);
    for (let i = 0; i < 2_000; i++) out.write(`${'x'.repeat(99)}\n`); // 200 KB in one callback
    expect(stream.chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.chunks).toHaveLength(1);
    expect(stream.chunks[0]).toHaveLength(200_000);
  });

  it('prints a success only once it is in the journal, even among many lines at once', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'orc-order-'));
    const task = (id: string, dependsOn: string[] = []): Task =>
      ({ id: id as TaskId, agent: 'command', run: ['true'], dependsOn: dependsOn as TaskId[], inputs: [], outputs: [], verify: [], locks: [], retries: 0, isolation: 'none' }) as Task;
    // `a` frees 1,500 dependents in the callback where it ends: their "queued" lines are ~80 KB.
    const tasks = [task('a'), ...Array.from({ length: 1_500 }, (_, i) => task(`a-dependent-with-a-longer-name-${i}`, ['a']))];
    const plan: Plan = {
      file: path.join(root, 'orchestra.config.yaml'),
      root,
      version: 1,
      name: 'order',
      concurrency: 1,
      schedule: 'eager',
      strict: false,
      isolation: 'none',
      budget: {},
      taskIds: tasks.map((t) => t.id).sort(),
      tasks: new Map(tasks.map((t) => [t.id, t])),
    };
    const journal = path.join(root, '.orchestra', 'journal.ndjson');
    const printedFirst: string[] = [];
    const stream = recordingStream((chunk) => {
      const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n') : [];
      for (const [, id] of chunk.matchAll(/(\S+) succeeded in/g)) {
        if (!lines.some((l) => l.includes(`"id":"${id}"`) && l.includes('"status":"succeeded"'))) printedFirst.push(id!);
      }
    });
    const sink = createPlainSink({ stream, style: makeStyle({ color: false, unicode: false }), context: { now: () => Date.now() }, columns: 120 });
    const view = emptyRunView();
    const stop = new AbortController();
    await runPlan({
      plan,
      agents: new Map([['command', commandAgent]]),
      env: { ...process.env },
      signal: stop.signal,
      killGraceMs: 200,
      onEvent: (event) => {
        applyEvent(view, event);
        sink.onEvent(event, view);
        if (event.type === 'task-succeeded') setImmediate(() => stop.abort());
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.chunks.join('')).toMatch(/\ba succeeded in/);
    expect(printedFirst).toEqual([]);
  });
});
