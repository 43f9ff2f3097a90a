// The Node spawner: a small helper process that starts task processes for spawn-process.ts, the fallback
// when the native one (packages/core/native/spawner.c) is not built.
//
// Why: on Linux, libuv starts a process with fork (then exec), and fork copies the page tables of the
// process that forks, a cost that grows with its memory. The orchestra process is 110-170 MB; this one
// imports nothing but node built-ins and the protocol (~45 MB), so each spawn from here costs about half
// (see docs/benchmarks.md, "Engine"). It is started once per orchestra process, lazily.
//
// It speaks the framed protocol of spawner-protocol.ts: requests on stdin, events on stdout. Everything
// else (line splitting, redaction, logs, timeouts, group kills) stays in the parent, which gets the pid.
// It exits when its stdin closes: when its parent exits or is killed. It does not kill the children.
import type { ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import {
  decodeStart,
  encodeData,
  encodeStarted,
  encodeStatus,
  encodeText,
  FrameReader,
} from './spawner-protocol.ts';
import { errorCode, spawnChild } from './spawn-child.ts';
import { groupAlive, processStartTime } from '../util/process-identity.ts';

const children = new Map<number, ChildProcess>();
// Not process.stdout: on Linux its writes to a pipe are synchronous, and one slow read by the parent
// would stall every child's output here.
const out = new Socket({ fd: 1, readable: false, writable: true });
out.on('error', () => process.exit(0));
/** Output streams paused until the parent catches up. */
const paused = new Set<Readable>();
out.on('drain', () => {
  for (const readable of paused) readable.resume();
  paused.clear();
});

function send(frame: Buffer): boolean {
  return out.write(frame);
}

function start(id: number, body: Buffer): void {
  const { file, args, cwd, env, input } = decodeStart(body);
  const spawned = spawnChild(file, args, cwd, env, input);
  if (!spawned.ok) {
    send(encodeText(id, 'T', spawned.code));
    return;
  }
  const { child } = spawned;
  children.set(id, child);
  send(encodeStarted(id, child.pid ?? 0, child.pid ? processStartTime(child.pid) : undefined));
  for (const [stream, kind] of [['stdout', 'o'], ['stderr', 'e']] as const) {
    const readable = child[stream];
    if (!readable) continue;
    readable.on('data', (chunk: Buffer) => {
      // Back-pressure, as a pipe read directly by the parent would give: a process that writes faster
      // than the parent reads waits (its pipe fills) instead of piling up in this process's memory.
      if (!send(encodeData(id, kind, chunk))) {
        readable.pause();
        paused.add(readable);
      }
    });
  }
  child.on('error', (error) => send(encodeText(id, 'E', errorCode(error))));
  child.on('exit', (code, signal) => send(encodeStatus(id, 'X', code, signal, child.pid ? groupAlive(child.pid) : undefined)));
  child.on('close', (code, signal) => {
    children.delete(id);
    send(encodeStatus(id, 'C', code, signal));
  });
}

function stopReading(id: number): void {
  const child = children.get(id);
  for (const readable of [child?.stdout, child?.stderr]) {
    if (!readable) continue;
    paused.delete(readable);
    readable.destroy();
  }
}

const reader = new FrameReader((id, kind, body) => {
  if (kind === 'R') start(id, body);
  else if (kind === 'D') stopReading(id);
});
process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
// Signals sent to the whole process group (Ctrl-C, kill -TERM -pgid) are for orchestra, which ends the
// tasks and reports them interrupted; dying here would make them ESPAWNER failures. The end of stdin is
// how this process ends. (Children get default dispositions back: libuv resets them.)
for (const signal of ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
// The parent is gone (exited, crashed or killed -9) or closed the channel: nothing is left to report to.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
