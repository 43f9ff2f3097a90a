// The spawner: a small helper process that starts task processes for spawn-process.ts.
//
// Why: on Linux, libuv starts a process with fork (then exec), and fork copies the page tables of the
// process that forks, a cost that grows with its memory. The orchestra process is 110-170 MB; this one
// imports nothing but node built-ins (~45 MB), so each spawn from here costs about half (see
// docs/benchmarks.md, "Engine"). It is started once per orchestra process, lazily, over an IPC channel.
//
// Protocol (JSON arrays over the IPC channel, in order):
//   parent -> spawner  [id, file, args, cwd, env, input | null]   start a process (detached, own group)
//                      [id]                                       stop reading its stdout/stderr
//   spawner -> parent  [id, 'S', pid | 0]        spawn() returned (pid 0: none, an 'E' follows)
//                      [id, 'T', code]           spawn() threw
//                      [id, 'o' | 'e', chunk]    stdout / stderr text (utf8, as read)
//                      [id, 'E', code]           the process's 'error' event
//                      [id, 'X', code, signal]   the process's 'exit' event
//                      [id, 'C', code, signal]   the process's 'close' event (last message for id)
//
// Everything else (line splitting, redaction, logs, timeouts, group kills) stays in the parent, which
// gets the pid. The spawner exits when the channel closes: when its parent exits or is killed.
import { spawn, type ChildProcess } from 'node:child_process';

type Request = [number] | [number, string, string[], string, Record<string, string>, string | null];

const children = new Map<number, ChildProcess>();

function send(message: unknown[]): void {
  if (process.connected) process.send?.(message);
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? error.message : String(error);
}

process.on('message', (request: Request) => {
  const id = request[0];
  if (request.length === 1) {
    const child = children.get(id);
    child?.stdout?.destroy();
    child?.stderr?.destroy();
    return;
  }
  const [, file, args, cwd, env, input] = request;
  let child: ChildProcess;
  try {
    child = spawn(file, args, { cwd, env, detached: true, stdio: [input === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch (error: unknown) {
    send([id, 'T', errorCode(error)]);
    return;
  }
  children.set(id, child);
  send([id, 'S', child.pid ?? 0]);
  for (const [stream, tag] of [['stdout', 'o'], ['stderr', 'e']] as const) {
    const readable = child[stream];
    if (!readable) continue;
    readable.setEncoding('utf8');
    readable.on('data', (chunk: string) => {
      if (!process.connected) return;
      // Back-pressure, as a pipe read directly by the parent would give: a process that writes faster
      // than the parent reads waits (its pipe fills) instead of piling up in this process's memory.
      const sent = process.send?.([id, tag, chunk], () => readable.resume());
      if (sent === false) readable.pause();
    });
  }
  if (input !== null && child.stdin) {
    child.stdin.on('error', () => {}); // the process may exit without reading its input
    child.stdin.end(input);
  }
  child.on('error', (error) => send([id, 'E', errorCode(error)]));
  child.on('exit', (code, signal) => send([id, 'X', code, signal]));
  child.on('close', (code, signal) => {
    children.delete(id);
    send([id, 'C', code, signal]);
  });
});

// The parent is gone (exited, crashed or killed -9): nothing is left to report to.
process.on('disconnect', () => process.exit(0));
