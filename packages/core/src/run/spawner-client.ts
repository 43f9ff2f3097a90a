// The one client of the spawner helpers: starts one helper per orchestra process (lazily), sends it
// start requests and routes its events to each process's Handlers (spawner-protocol.ts has the format).
//
// Which helper: the native one (native/spawner.c) when it is built from the current source, else the
// Node one (spawner.ts); ORCHESTRA_SPAWNER=native|node|direct forces a choice, ORCHESTRA_DIRECT_SPAWN=1
// forces direct spawns. A helper that cannot start or dies is not started again: all later requests are
// spawned directly by the caller; those it held are started directly only if it never ran
// (`lost('not-started')`), else they fail, so that no task can run twice (see `lost`).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { defaultNativeSpawner } from './native-spawner.ts';
import { decodeStarted, decodeStatus, encodeStart, encodeStop, FrameReader } from './spawner-protocol.ts';

/** What spawnProcess hears of a process, the same whether it was started directly or by a helper. */
export interface Handlers {
  /** spawn() returned; pid undefined when it failed (an `error` follows). The start time when the helper read it. */
  start(pid: number | undefined, startTime?: string): void;
  data(stream: 'stdout' | 'stderr', chunk: string): void;
  /** spawn() threw: nothing else follows. */
  thrown(code: string): void;
  error(code: string): void;
  /** `groupAlive`: whether the process's group outlived it, when the helper looked (else undefined). */
  exit(code: number | null, signal: NodeJS.Signals | null, groupAlive?: boolean): void;
  close(code: number | null, signal: NodeJS.Signals | null): void;
  /**
   * The helper died before `close`. `started`: it had reported the pid; `maybe-started`: it was running
   * and had not answered (the process may exist, its pid unknown); `not-started`: the helper never ran.
   * Nothing else follows.
   */
  lost(how: 'started' | 'maybe-started' | 'not-started'): void;
}

export interface Started {
  /** Stops reading stdout/stderr (they may be held open by a process that left the group). */
  destroyPipes(): void;
}

export type SpawnerKind = 'native' | 'node';

type Env = Readonly<Record<string, string | undefined>>;

interface Pending {
  handlers: Handlers;
  started: boolean;
  stdout?: StringDecoder;
  stderr?: StringDecoder;
}

interface Spawner {
  kind: SpawnerKind;
  child: ChildProcess;
  stdin: Socket;
  stdout: Socket;
  pending: Map<number, Pending>;
  nextId: number;
}

const spawners = new Map<SpawnerKind, Spawner>();
/** Helpers that died or could not start: the caller spawns directly instead. */
const dead = new Set<SpawnerKind>();

/** The helper the next spawn goes through, or undefined for a direct spawn. */
export function selectedSpawner(): SpawnerKind | undefined {
  if (process.env.ORCHESTRA_DIRECT_SPAWN === '1' || process.platform === 'win32') return undefined;
  const forced = process.env.ORCHESTRA_SPAWNER;
  if (forced === 'direct') return undefined;
  if (forced === 'native' || forced === 'node') return forced;
  return defaultNativeSpawner() ? 'native' : 'node';
}

/** The pid of the helper the next spawn goes through, when one is running (for tests). */
export function spawnerPid(): number | undefined {
  const kind = selectedSpawner();
  return kind ? spawners.get(kind)?.child.pid : undefined;
}

/** The kind of helper running for the current selection (for tests and benchmarks). */
export function spawnerKind(): SpawnerKind | undefined {
  const kind = selectedSpawner();
  return kind && spawners.has(kind) ? kind : undefined;
}

function helperCommand(kind: SpawnerKind): [string, string[]] | undefined {
  if (kind === 'native') {
    const binary = defaultNativeSpawner();
    return binary ? [binary, []] : undefined;
  }
  // `.ts` from the sources, `.js` once compiled: the same name as this module's.
  const extension = import.meta.url.endsWith('.js') ? '.js' : '.ts';
  return [process.execPath, [fileURLToPath(new URL(`./spawner${extension}`, import.meta.url))]];
}

function getSpawner(kind: SpawnerKind): Spawner | undefined {
  const existing = spawners.get(kind);
  if (existing) return existing;
  if (dead.has(kind)) return undefined;
  const command = helperCommand(kind);
  if (!command) {
    dead.add(kind);
    return undefined;
  }
  const { NODE_OPTIONS: _, ...env } = process.env;
  let child: ChildProcess;
  try {
    child = spawn(command[0], command[1], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    dead.add(kind);
    return undefined;
  }
  const s: Spawner = {
    kind,
    child,
    stdin: child.stdin as Socket,
    stdout: child.stdout as Socket,
    pending: new Map(),
    nextId: 1,
  };
  spawners.set(kind, s);
  // It must not keep this process alive: its pipes are referenced only while requests are pending.
  child.unref();
  s.stdin.unref();
  s.stdout.unref();
  s.stdin.on('error', () => {}); // EPIPE once it died: `close` of stdout says so
  const reader = new FrameReader((id, k, body) => onEvent(s, id, k, body));
  s.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
  // Until the helper process is known to run, nothing sent to it can have started: its requests may then
  // be started directly. Once it runs, a request it had not answered may have started a process whose
  // pid never came back (it died in between): starting it again could run the task twice.
  let running = false;
  child.once('spawn', () => {
    running = true;
  });
  const died = (): void => {
    if (spawners.get(kind) !== s) return;
    spawners.delete(kind);
    dead.add(kind);
    const pending = [...s.pending.values()];
    s.pending.clear();
    s.stdin.destroy();
    s.stdout.destroy();
    for (const p of pending) p.handlers.lost(p.started ? 'started' : running ? 'maybe-started' : 'not-started');
  };
  child.on('error', died);
  s.stdout.on('close', died);
  return s;
}

function flushDecoders(p: Pending): void {
  const out = p.stdout?.end();
  if (out) p.handlers.data('stdout', out);
  const err = p.stderr?.end();
  if (err) p.handlers.data('stderr', err);
}

function onEvent(s: Spawner, id: number, kind: string, body: Buffer): void {
  const p = s.pending.get(id);
  if (!p) return;
  const h = p.handlers;
  switch (kind) {
    case 'S': {
      p.started = true;
      const { pid, startTime } = decodeStarted(body);
      h.start(pid, startTime);
      break;
    }
    case 'o':
      h.data('stdout', (p.stdout ??= new StringDecoder('utf8')).write(body));
      break;
    case 'e':
      h.data('stderr', (p.stderr ??= new StringDecoder('utf8')).write(body));
      break;
    case 'E':
      h.error(body.toString('utf8'));
      break;
    case 'X': {
      const { code, signal, groupAlive } = decodeStatus(body);
      h.exit(code, signal, groupAlive);
      break;
    }
    case 'T':
    case 'C': {
      s.pending.delete(id);
      if (s.pending.size === 0) {
        s.stdin.unref();
        s.stdout.unref();
      }
      if (kind === 'T') return h.thrown(body.toString('utf8'));
      flushDecoders(p);
      const { code, signal } = decodeStatus(body);
      h.close(code, signal);
      break;
    }
  }
}

/**
 * Starts the process through the selected helper. Undefined when there is none (direct spawns, or the
 * helper died or could not start): the caller then spawns directly.
 */
export function startThroughSpawner(
  file: string,
  args: string[],
  cwd: string,
  env: Env,
  input: string | undefined,
  h: Handlers,
): Started | undefined {
  const kind = selectedSpawner();
  const s = kind ? getSpawner(kind) : undefined;
  if (!s) return undefined;
  const id = s.nextId++;
  const request = file === '' ? undefined : encodeStart(id, file, args, cwd, env, input);
  if (!request) {
    // What spawn() throws on (an empty file, a NUL in a string), as it would.
    h.thrown('ERR_INVALID_ARG_VALUE');
    return { destroyPipes() {} };
  }
  s.pending.set(id, { handlers: h, started: false });
  if (s.pending.size === 1) {
    s.stdin.ref();
    s.stdout.ref();
  }
  // The requests of one turn (a scheduler pass starts several) leave in one write.
  if (!s.stdin.writableCorked) {
    s.stdin.cork();
    process.nextTick(() => s.stdin.uncork());
  }
  s.stdin.write(request);
  return {
    destroyPipes() {
      if (s.pending.has(id) && spawners.get(s.kind) === s) s.stdin.write(encodeStop(id));
    },
  };
}
