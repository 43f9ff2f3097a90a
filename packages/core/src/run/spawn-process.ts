// THE one module that starts task processes (the `command` agent, verify commands, the Claude agent).
//
// Every process is started in its own process group (`detached: true`), so a timeout or an abort can
// terminate the whole tree the task started, not just the direct child:
//
//   timeout/abort ──> SIGTERM to -pgid ──(graceMs)──> SIGKILL to -pgid
//   leader exits  ──> survivors in the group get the same treatment (nothing the task started outlives it)
//   group gone    ──(DRAIN_MS)──> stop reading the pipes and return, even if they are still open
//
// The last step is for a process that left the group on purpose (`setsid`, a daemon): it is out of
// reach of the group's signals and is not killed (finding it would mean walking every process), but it
// would keep the output pipes open for as long as it lives. So once the leader has exited and its group
// is gone (or was sent SIGKILL), whatever output is still in flight gets DRAIN_MS to arrive; then the
// pipes are closed on our side and the task ends. Such a process never holds up a task or a run.
//
// Processes are started by a small helper process, the spawner (started on first use): fork() copies
// the page tables of the process that forks, so a spawn from the 110-170 MB orchestra process costs
// 1-2 ms. The native spawner (native/spawner.c, posix_spawn, when built) or else the Node one
// (spawner.ts, ~45 MB) only starts processes and relays their events and output as they come
// (spawner-client.ts is the client); everything above (lines, redaction, logs, timeouts, group kills by
// pid) happens here, the same for every path. If the spawner cannot start or dies, requests it had not
// started and all later ones are spawned directly; a task it was running is killed (its pipes died with
// it) and ends with `spawnError` ESPAWNER. ORCHESTRA_DIRECT_SPAWN=1 always spawns directly;
// ORCHESTRA_SPAWNER=native|node|direct forces a choice.
//
// Outcomes are values, never exceptions: a missing program is `spawnError`, a non-zero exit is `exitCode`.
//
// Why node:child_process and not execa: the engine spawns thousands of short processes, and measured on
// 1,000 `true` processes at concurrency 8, execa took ~2.0 s against ~1.3 s for a bare spawn; the few
// things execa would add here (group kill, line splitting, local bins on PATH) are a few lines each.
import { errorCode, spawnChild } from './spawn-child.ts';
import { closeSync, mkdir, open, writeSync } from 'node:fs';
import path from 'node:path';
import { startThroughSpawner, type Handlers, type Started } from './spawner-client.ts';
import { groupAlive } from '../util/process-identity.ts';

export { spawnerKind, spawnerPid } from './spawner-client.ts';

export type SpawnCommand = string | readonly string[];

export interface SpawnOptions {
  /**
   * An argv array, spawned directly (no shell); or a string, run by the system shell (`/bin/sh -c`) as
   * npm runs scripts. Only a plan's own string command may be a string: never build one from data.
   */
  command: SpawnCommand;
  cwd: string;
  /** The complete environment of the process (nothing is inherited implicitly). */
  env: Readonly<Record<string, string | undefined>>;
  /** Prepend `node_modules/.bin` of `cwd` and its parents to PATH, as `npm run` does. Default true. */
  localBins?: boolean;
  /** Written to stdin, then closed. Default: stdin is ignored. */
  input?: string;
  /** Appends every output line (redacted) to this file, creating its folder. */
  logFile?: string;
  /** Prefix written to the log file before the output (e.g. `$ argv`), redacted. */
  logHeader?: string;
  /**
   * Called once the process started, with its pid (also the id of its process group) and, when the
   * spawner read it, its start time (process-identity.ts).
   */
  onStart?: (pid: number, startTime?: string) => void;
  /** Called for every complete line of stdout/stderr (redacted), in order per stream. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Aborting terminates the whole process tree; the result then has `aborted: true`. */
  signal?: AbortSignal;
  /** Terminates the whole tree after this many milliseconds; the result then has `timedOut: true`. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL. Default 5,000 ms. */
  killGraceMs?: number;
  /** Applied to every line before it is logged, passed on or kept in the tail. */
  redact?: (text: string) => string;
  /** How many trailing lines of output to keep in the result. Default 40. */
  tailLines?: number;
}

export interface SpawnResult {
  /** Exit code, or null when the process was ended by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the program could not be started (e.g. `ENOENT: no such file: foo`). */
  spawnError?: string;
  /** Last lines of stderr (redacted), for failure messages and retry prompts. */
  stderrTail: string;
  /** Last lines of stdout and stderr interleaved (redacted). */
  outputTail: string;
  durationMs: number;
  pid?: number;
}

const DEFAULT_GRACE_MS = 5_000;
/** A process still running after this long gets its log file even if it printed nothing yet. */
const LOG_AFTER_MS = 1_000;
/** How long output may still arrive after the task's process group is gone. */
const DRAIN_MS = 200;
/** How often a group that outlived its SIGTERM is looked at again (see finish). */
const GROUP_POLL_MS = 25;

/**
 * Runs one process to its end and returns how it ended, as a value.
 * `await spawnProcess({ command: ['node', 'x.js'], cwd, env, timeoutMs, signal, logFile, onLine })`
 */
export function spawnProcess(options: SpawnOptions): Promise<SpawnResult> {
  const started = performance.now();
  const redact = options.redact ?? ((s: string) => s);
  const tailLines = options.tailLines ?? 40;
  const graceMs = options.killGraceMs ?? DEFAULT_GRACE_MS;
  const [file, args] = toFileAndArgs(options.command);
  const env = options.localBins === false ? options.env : withLocalBins(options.env, options.cwd);

  // The log is created when it has something to hold: the first output, a failure, or the process
  // still running after LOG_AFTER_MS (so a long silent task's log is there when someone looks). A quick
  // silent success leaves none: creating a folder and a file per task cost more than the task itself
  // (docs/benchmarks.md, "Engine"). The folder and file are opened off the main thread; what arrives
  // before is kept, then written with plain synchronous writes, a chunk at a time (a write stream's
  // machinery cost more per task than the writes).
  let logFd: number | undefined;
  /** What waits for the log to open; undefined once it is open or could not be opened. */
  let logPending: string | undefined = options.logHeader ? `${redact(options.logHeader)}\n` : '';
  let logOpened: Promise<number | undefined> | undefined;
  const ensureLog = (): void => {
    if (logOpened || !options.logFile) return;
    logOpened = openLog(options.logFile);
    void logOpened.then((fd) => {
      logFd = fd;
      const pending = logPending ?? '';
      logPending = undefined;
      writeLog(pending);
    });
  };
  const writeLog = (text: string): void => {
    if (!text || !options.logFile) return;
    if (logPending !== undefined) {
      logPending += text;
      ensureLog();
      return;
    }
    if (logFd === undefined) return; // it could not be opened
    try {
      writeSync(logFd, text);
    } catch {
      // A full disk must not crash the run; the outcome still arrives.
    }
  };
  const logTimer = options.logFile ? setTimeout(ensureLog, LOG_AFTER_MS) : undefined;
  logTimer?.unref();

  return new Promise<SpawnResult>((resolve) => {
    const stderrTail: string[] = [];
    const outputTail: string[] = [];
    let timedOut = false;
    let aborted = false;
    let spawnError: string | undefined;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let leaderExited = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let settled = false;
    /** SIGKILL of the group was sent (or was not needed). */
    let killed = false;
    /** finish() waits for the SIGKILL when survivors of a SIGTERM remain; this is its argument. */
    let pendingError: string | undefined | false = false;
    let drainTimer: NodeJS.Timeout | undefined;
    /** While finish() waits for the group that a SIGTERM left (see finish). */
    let groupTimer: NodeJS.Timeout | undefined;

    let pid: number | undefined;
    let proc: Started | undefined;
    const killGroup = (sig: NodeJS.Signals): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, sig);
      } catch {
        // The group is gone (ESRCH): nothing left to kill.
      }
    };
    const killNow = (): void => {
      killGroup('SIGKILL');
      killed = true;
      if (pendingError !== false) finish(pendingError);
      else if (leaderExited) drainThenFinish();
    };
    const terminate = (): void => {
      if (killTimer) return;
      killGroup('SIGTERM');
      killTimer = setTimeout(killNow, graceMs);
    };
    // killAllProcessesNow(): no grace left, the SIGKILL goes out on the next turn of the loop.
    const hurry = (): void => {
      if (killed) return;
      if (killTimer) clearTimeout(killTimer);
      killTimer = setTimeout(killNow, 0);
    };
    hurries.add(hurry);
    const onAbort = (): void => {
      aborted = true;
      terminate();
    };

    /** Redacts, logs (one write for all), keeps in the tails and passes on complete lines. */
    const push = (stream: 'stdout' | 'stderr', raws: readonly string[]): void => {
      let text = '';
      for (const raw of raws) {
        const line = redact(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
        text += stream === 'stderr' ? `[stderr] ${line}\n` : `${line}\n`;
        pushTail(outputTail, line, tailLines);
        if (stream === 'stderr') pushTail(stderrTail, line, tailLines);
        options.onLine?.(stream, line);
      }
      writeLog(text);
    };
    const open = { stdout: '', stderr: '' };

    const handlers: Handlers = {
      start(startedPid, startTime) {
        pid = startedPid;
        if (pid === undefined) return;
        options.onStart?.(pid, startTime);
        // Through the spawner, the pid arrives after a timeout or an abort may have fired.
        if (killTimer) killGroup(killed ? 'SIGKILL' : 'SIGTERM');
      },
      data(stream, chunk) {
        if (settled) return;
        const lines = (open[stream] + chunk).split('\n');
        open[stream] = lines.pop() ?? '';
        if (lines.length > 0) push(stream, lines);
      },
      thrown(code) {
        finish(`${code}: could not start ${file}`);
      },
      error(code) {
        // Spawn failures (ENOENT, EACCES) arrive here; `close` follows.
        spawnError ??= `${code}: could not start ${file}`;
      },
      exit(code, sig, groupLeft) {
        leaderExited = true;
        exitCode = code;
        exitSignal = sig;
        // Background processes the task left behind would hold its pipes open and outlive it. (The
        // spawner says whether any are left; a direct spawn asks here.)
        if (pid !== undefined && (groupLeft ?? groupAlive(pid))) terminate();
        // Through the spawner, `close` usually comes in the same read, right after: then no drain timer
        // is made only to be cleared (checked once the read's frames are handled).
        else queueMicrotask(drainThenFinish);
      },
      close(code, sig) {
        if (!leaderExited) {
          exitCode = code;
          exitSignal = sig;
        }
        flushOpenLines();
        finish(spawnError);
      },
      lost(how) {
        // The spawner died. A request it never saw is started here instead; one it may have started
        // fails (starting it again could run the task twice); a process it had started can no longer
        // be heard (its pipes went with the spawner): its group is killed.
        if (settled) return;
        if (how === 'not-started') {
          proc = startDirect(file, args, options.cwd, env, options.input, handlers);
          return;
        }
        if (how === 'maybe-started') return finish('ESPAWNER: the spawner process exited before saying whether it started the process');
        flushOpenLines();
        if (leaderExited) return finish(spawnError);
        killGroup('SIGKILL');
        killed = true;
        finish(spawnError ?? 'ESPAWNER: the spawner process exited while the task ran; its process group was killed');
      },
    };
    proc =
      startThroughSpawner(file, args, options.cwd, env, options.input, handlers) ??
      startDirect(file, args, options.cwd, env, options.input, handlers);
    if (settled) return;

    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        terminate();
      }, options.timeoutMs);
    }

    function flushOpenLines(): void {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (open[stream]) push(stream, [open[stream]]);
        open[stream] = '';
      }
    }

    /** The group is gone: output in flight gets DRAIN_MS, then pipes held by an escaped process are let go. */
    function drainThenFinish(): void {
      if (drainTimer || settled) return;
      drainTimer = setTimeout(() => {
        // One more poll phase first: a loop busy for longer than DRAIN_MS must not cut off output that
        // is already waiting in the pipes.
        setImmediate(() => {
          if (settled) return;
          proc?.destroyPipes();
          flushOpenLines();
          finish(spawnError);
        });
      }, DRAIN_MS);
    }

    function finish(error: string | undefined): void {
      if (settled) return;
      if (timeoutTimer) clearTimeout(timeoutTimer);
      // Processes that ignored the SIGTERM (and closed their stdio) must still get the SIGKILL. Until
      // then the group is looked at again now and then: a process the SIGTERM did end stays in it as a
      // zombie until the spawner (their subreaper) reaps it, a moment later; waiting out the whole grace
      // period for that made an aborted task take seconds to end.
      if (killTimer && !killed && pid !== undefined && groupAlive(pid)) {
        pendingError = error;
        groupTimer ??= setTimeout(function again() {
          if (settled || killed) return;
          if (pid !== undefined && groupAlive(pid)) groupTimer = setTimeout(again, GROUP_POLL_MS);
          else finish(pendingError === false ? undefined : pendingError);
        }, GROUP_POLL_MS);
        return;
      }
      settled = true;
      hurries.delete(hurry);
      if (killTimer) clearTimeout(killTimer);
      if (drainTimer) clearTimeout(drainTimer);
      if (groupTimer) clearTimeout(groupTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const result: SpawnResult = {
        exitCode: error ? null : exitCode,
        signal: exitSignal,
        timedOut,
        aborted,
        stderrTail: stderrTail.join('\n'),
        outputTail: outputTail.join('\n'),
        durationMs: Math.round(performance.now() - started),
        ...(error ? { spawnError: error } : {}),
        ...(pid !== undefined ? { pid } : {}),
      };
      if (logTimer) clearTimeout(logTimer);
      if (error) writeLog(`[orchestra] ${error}\n`);
      // A failed attempt always has its log: the reports point to it.
      if (error || result.exitCode !== 0 || timedOut || aborted) ensureLog();
      if (!logOpened) return resolve(result);
      // After the open's callback (above, registered first): everything is written; then close.
      void logOpened.then((fd) => {
        if (fd !== undefined) closeSync(fd);
        resolve(result);
      });
    }
  });
}

/** One per process that spawnProcess has not settled yet. */
const hurries = new Set<() => void>();

/**
 * Ends every process (group) that spawnProcess runs in this process with SIGKILL now, cutting short the
 * grace period after a SIGTERM: for a second Ctrl-C, when waiting is no longer wanted.
 */
export function killAllProcessesNow(): void {
  for (const hurry of [...hurries]) hurry();
}

type Env = Readonly<Record<string, string | undefined>>;

/** Starts the process from this process. */
function startDirect(file: string, args: string[], cwd: string, env: Env, input: string | undefined, h: Handlers): Started {
  const spawned = spawnChild(file, args, cwd, env as NodeJS.ProcessEnv, input);
  if (!spawned.ok) {
    h.thrown(spawned.code);
    return { destroyPipes() {} };
  }
  const { child } = spawned;
  h.start(child.pid);
  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = child[stream];
    if (!readable) continue;
    readable.setEncoding('utf8');
    readable.on('data', (chunk: string) => h.data(stream, chunk));
  }
  child.on('error', (error) => h.error(errorCode(error)));
  child.on('exit', (code, sig) => h.exit(code, sig));
  child.on('close', (code, sig) => h.close(code, sig));
  return {
    destroyPipes() {
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

/** Creates the log's folder and opens it for appending; undefined when that fails (no log then). */
function openLog(file: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    mkdir(path.dirname(file), { recursive: true }, (mkdirError) => {
      if (mkdirError) return resolve(undefined);
      open(file, 'a', (openError, fd) => resolve(openError ? undefined : fd));
    });
  });
}

function toFileAndArgs(command: SpawnCommand): [string, string[]] {
  if (typeof command === 'string') return ['/bin/sh', ['-c', command]];
  const [file, ...args] = command;
  if (file === undefined) throw new Error('spawnProcess: empty argv');
  return [file, args];
}

/** `node_modules/.bin` of `cwd` and every parent first on PATH, as `npm run` does. */
const localBinsCache = new WeakMap<object, { cwd: string; env: Record<string, string | undefined> }>();

export function withLocalBins(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Record<string, string | undefined> {
  // Thousands of tasks share one environment and folder: build the PATH once.
  const cached = localBinsCache.get(env);
  if (cached && cached.cwd === cwd) return cached.env;
  const result = buildLocalBins(env, cwd);
  localBinsCache.set(env, { cwd, env: result });
  return result;
}

function buildLocalBins(env: Readonly<Record<string, string | undefined>>, cwd: string): Record<string, string | undefined> {
  const bins: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    bins.push(path.join(dir, 'node_modules', '.bin'));
    if (path.dirname(dir) === dir) break;
  }
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const current = env[key];
  return { ...env, [key]: current ? `${bins.join(path.delimiter)}${path.delimiter}${current}` : bins.join(path.delimiter) };
}

function pushTail(tail: string[], line: string, max: number): void {
  tail.push(line);
  if (tail.length > max) tail.shift();
}
