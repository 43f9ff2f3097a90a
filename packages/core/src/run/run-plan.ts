// `runPlan`: runs a plan's tasks as a DAG, skipping what the cache proves unchanged, recording every
// transition, and returning how it went. It never writes to stdout: it emits typed events.
//
//   deps done ──taskStatus──> cached ──────────────────────────────> dependents may go on
//                    └──────> ready ──pickReady (slots, conflicts, waves)──> running
//   running ──agent.run──verify──outputs exist──> succeeded ──> dependents may go on
//                 └── failed ──decideRetry──> retry after backoff | wait (usage limit) | failed
//   failed ──> every dependent skipped (with the reason); independent branches go on; --bail stops starting
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ContentHash } from '../fingerprint/content-hash.ts';
import { FileHasher } from '../fingerprint/file-hasher.ts';
import type { DependencyPart, FingerprintParts } from '../fingerprint/fingerprint.ts';
import type { Fingerprint } from '../fingerprint/content-hash.ts';
import { hashPatterns, unmatchedPatterns } from '../fingerprint/hash-patterns.ts';
import { buildConflictIndex, createClaims } from '../graph/conflicts.ts';
import { computeWaves } from '../graph/compute-waves.ts';
import { formatDiagnostic } from '../plan/diagnostic.ts';
import type { Plan, Task, TaskId } from '../plan/model.ts';
import type { OrchestraEvent, Reporter, RunStatus } from '../report/events.ts';
import { EVENTS_VERSION } from '../report/events.ts';
import { acquireLock } from '../state/lock.ts';
import { newTaskState, zeroUsage, type AttemptRecord, type TaskState, type TaskStatus } from '../state/state-format.ts';
import { readState, statePaths, StateStore, StateWriteError } from '../state/state-store.ts';
import { processStartTime } from '../util/process-identity.ts';
import { createRedactor, isSecretName, redactDeep } from '../util/redact.ts';
import type { AgentOutcome, AgentRegistry, Failure, TokenUsage } from './agent.ts';
import { isoNow, systemClock, type Clock } from './clock.ts';
import { statusesOnDisk } from './compute-statuses.ts';
import { DEFAULT_LEFTOVER_GRACE_MS, endLeftoverProcesses } from './end-leftover-processes.ts';
import { attemptLogPath } from './log-path.ts';
import { byPriority, pickReady, remainingPathLengths } from './pick-ready.ts';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.ts';
import { selectTasks, dependentsOf } from './select-tasks.ts';
import { runVerify } from './run-verify.ts';
import { readReceipts, receiptMatches, writeReceipt } from './receipts.ts';
import { dependencyPartOf, taskStatus } from './task-status.ts';
import { topologicalOrder } from './topological-order.ts';
import { UndeclaredWrites } from './undeclared-writes.ts';
import { findGitRepo, sweepWorktrees, withoutGitLocation, type GitRepo } from './git-worktree.ts';
import { TaskWorktree } from './task-worktree.ts';
import HeapModule from 'mnemonist/heap.js';

// mnemonist's typings declare an ES default export, but heap.js sets module.exports to the class, which
// is what Node's default import gives.
const Heap = HeapModule as unknown as typeof HeapModule.default;
type Heap<T> = InstanceType<typeof HeapModule.default<T>>;

/** Older attempts are dropped from the state (numbers keep counting). */
const MAX_ATTEMPTS_KEPT = 20;

export interface RunPlanOptions {
  plan: Plan;
  agents: AgentRegistry;
  onEvent?: (event: OrchestraEvent) => void;
  reporter?: Reporter;
  /** Default: the plan's concurrency. */
  concurrency?: number;
  /** Only these tasks and what they depend on. */
  only?: TaskId[];
  /** This task and its descendants, forced to run. */
  from?: TaskId;
  /**
   * With `only`: run just those tasks, not what they depend on. A dependency counts as done when its
   * declared outputs are on disk (recorded or not): Nx's per-task targets run each task this way, after
   * Nx ran the dependencies or restored their outputs from its (remote) cache. Missing outputs refuse the run.
   */
  noDeps?: boolean;
  /** Run every selected task, cached or not. */
  force?: boolean;
  /** Say what would run; run nothing, write nothing. */
  dryRun?: boolean;
  /** Default: the plan's schedule. */
  schedule?: 'eager' | 'waves';
  /** Stop starting new tasks after the first failure. */
  bail?: boolean;
  /** SIGINT/SIGTERM: start nothing new, terminate running tasks, record state. */
  signal?: AbortSignal;
  /** The environment tasks get. Secret-looking values are redacted from logs, events and state. */
  env: Record<string, string | undefined>;
  clock?: Clock;
  retryPolicy?: Partial<RetryPolicy>;
  /** Between SIGTERM and SIGKILL of a task's process tree. Default 5 s. */
  killGraceMs?: number;
  /**
   * Also write each success to `.orchestra/receipts/<task>.json` (see receipts.ts), for caches that
   * restore files (Nx's per-task targets). Receipts found are adopted whether or not this is set.
   */
  receipts?: boolean;
}

export interface TaskResult {
  status: TaskStatus | 'not-run';
  attempts: number;
  reason?: string;
  costUsd: number;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  /** 0 succeeded, 1 a task failed (or budget, usage limit, auth), 130 interrupted. */
  exitCode: number;
  durationMs: number;
  costUsd: number;
  usage: TokenUsage;
  counts: { succeeded: number; cached: number; failed: number; skipped: number; notRun: number };
  tasks: Map<TaskId, TaskResult>;
}

/** Another run holds the plan's lock, or the run cannot start (e.g. an agent's preflight failed). */
export class RunRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunRefusedError';
  }
}

type Phase = 'waiting' | 'ready' | 'running' | 'succeeded' | 'cached' | 'failed' | 'skipped';

interface Evaluated {
  fingerprint: Fingerprint;
  parts: FingerprintParts;
}

export async function runPlan(options: RunPlanOptions): Promise<RunResult> {
  const { plan } = options;
  const clock = options.clock ?? systemClock;
  const nowIso = isoNow(clock);
  const startedMs = clock.now();
  const runId = `${new Date(startedMs).toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomUUID().slice(0, 8)}`;
  const redact = createRedactor(options.env);
  const secrets = Object.entries(options.env).filter(([name, value]) => value && isSecretName(name)).map(([, v]) => v!);
  const hasSecrets = secrets.length > 0;
  // A secret that JSON would escape cannot be found in serialized text: then redact field by field.
  const jsonSafe = secrets.every((v) => JSON.stringify(v) === `"${v}"`);
  /** While set, events wait here (see the preflight in `execute`). */
  let heldEvents: OrchestraEvent[] | undefined;
  const emitRaw = (event: OrchestraEvent): void => {
    if (heldEvents) {
      heldEvents.push(event);
      return;
    }
    options.onEvent?.(event);
    options.reporter?.onEvent(event);
  };
  const emit = (event: DistributiveOmit<OrchestraEvent, 'v' | 'time'>): void => {
    const full = { v: EVENTS_VERSION, time: nowIso(), ...event } as OrchestraEvent;
    if (!hasSecrets) return emitRaw(full);
    // Most events carry no secret: one serialization tells, and only those that do are rewritten.
    if (!jsonSafe) return emitRaw(redactDeep(full, redact));
    const text = JSON.stringify(full);
    emitRaw(redact(text) === text ? full : redactDeep(full, redact));
  };
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
  const concurrency = Math.max(1, options.concurrency ?? plan.concurrency);
  const schedule = options.schedule ?? plan.schedule;
  const dependents = dependentsOf(plan);
  const { selected, forced } = selectTasks(plan, options, dependents);
  const paths = statePaths(plan.root);
  // `isolation: worktree` needs a repository with a commit: refused before anything starts.
  let repo: GitRepo | undefined;
  if ([...selected].some((id) => plan.tasks.get(id)!.isolation === 'worktree')) {
    const found = findGitRepo(plan.root);
    if (!found.ok) throw new RunRefusedError(found.message);
    repo = found.repo;
  }

  const agentVersions = new Map<string, string>();
  for (const name of new Set([...selected].map((id) => plan.tasks.get(id)!.agent))) {
    const agent = options.agents.get(name);
    agentVersions.set(name, agent ? await agent.version(plan) : '');
  }

  emit({
    type: 'run-started',
    runId,
    plan: { name: plan.name, file: plan.file },
    concurrency,
    schedule,
    taskCount: selected.size,
    tasks: plan.taskIds.filter((id) => selected.has(id)),
  });

  if (options.dryRun) return dryRun();

  mkdirSync(paths.dir, { recursive: true });
  const lock = acquireLock(paths.lock, () => new Date(clock.now()));
  if (!lock.ok) throw new RunRefusedError(lock.message);
  if (lock.tookOverFrom) {
    emit({
      type: 'warning',
      message: `took over the lock of an earlier run that is gone (pid ${lock.tookOverFrom.pid}, started ${lock.tookOverFrom.startedAt})`,
    });
  }
  let store: StateStore;
  let executed = false;
  try {
    store = new StateStore(paths, { name: plan.name, file: plan.file });
  } catch (error: unknown) {
    lock.release();
    throw error;
  }
  try {
    for (const warning of store.warnings) emit({ type: 'warning', message: warning });
    if (lock.tookOverFrom) {
      const ended = await endLeftoverProcesses(store.state, options.killGraceMs ?? DEFAULT_LEFTOVER_GRACE_MS);
      if (ended.length > 0) {
        const list = ended.map((e) => `${e.task} (process group ${e.pgid})`).join(', ');
        emit({ type: 'warning', message: `ended processes the earlier run left running, so no task runs twice at once: ${list}` });
      }
    }
    const swept = sweepWorktrees(plan.root, repo);
    if (swept.length > 0) emit({ type: 'warning', message: `removed worktrees an earlier run left behind: ${swept.join(', ')}` });
    if (store.replayed > 0) {
      emit({ type: 'warning', message: `recovered ${store.replayed} state record(s) left by an interrupted run` });
    }
    const result = await execute(store);
    executed = true;
    return result;
  } finally {
    // Worktrees are removed after each attempt; this catches those an internal error left.
    if (repo) sweepWorktrees(plan.root, repo);
    try {
      await store.close();
    } catch (error: unknown) {
      // The error that stopped the run says more than the same failure met again while closing.
      if (executed) throw error;
    } finally {
      lock.release();
    }
  }

  function dryRun(): RunResult {
    const { state, warnings } = readState(paths, { name: plan.name, file: plan.file });
    for (const warning of warnings) emit({ type: 'warning', message: warning });
    const statuses = statusesOnDisk(plan, state, { agentVersions, forced });
    const tasks = new Map<TaskId, TaskResult>();
    let cached = 0;
    for (const id of topologicalOrder(plan)) {
      if (!selected.has(id)) continue;
      const freshness = statuses.get(id)!;
      if (freshness.kind === 'cached') {
        cached++;
        emit({ type: 'task-cached', id, reason: 'unchanged since its last success' });
        tasks.set(id, { status: 'cached', attempts: 0, costUsd: 0 });
      } else {
        emit({ type: 'task-queued', id });
        tasks.set(id, { status: 'not-run', attempts: 0, reason: freshness.reasons.join('; '), costUsd: 0 });
      }
    }
    const counts = { succeeded: 0, cached, failed: 0, skipped: 0, notRun: selected.size - cached };
    const durationMs = clock.now() - startedMs;
    emit({ type: 'run-finished', status: 'succeeded', durationMs, counts, costUsd: 0, usage: zeroUsage() });
    return { runId, status: 'succeeded', exitCode: 0, durationMs, costUsd: 0, usage: zeroUsage(), counts, tasks };
  }

  async function execute(store: StateStore): Promise<RunResult> {
    const state = store.state;
    const hasher = new FileHasher(plan.root, new Map(Object.entries(state.files)), { clockFile: path.join(paths.dir, 'fs-clock') });
    store.setRun({ id: runId, startedAt: new Date(startedMs).toISOString(), pid: process.pid });
    store.log({ time: nowIso(), runId, message: `run started (${selected.size} tasks, concurrency ${concurrency}, ${schedule})` });
    const receipts = readReceipts(paths.dir);
    /** The logs folder relative to the plan's: attempts record their log from there. */
    const logsFromRoot = path.relative(plan.root, paths.logs);

    const order = topologicalOrder(plan).filter((id) => selected.has(id));
    const priority = remainingPathLengths(order, dependents, (id) => {
      const last = state.tasks[id]?.success?.durationMs;
      return last !== undefined ? Math.max(1, last) : 1_000;
    });
    const sortReady = byPriority(priority);
    const phase = new Map<TaskId, Phase>();
    const remaining = new Map<TaskId, number>();
    const evaluated = new Map<TaskId, Evaluated>();
    const results = new Map<TaskId, TaskResult>();
    for (const id of order) {
      phase.set(id, 'waiting');
      remaining.set(id, plan.tasks.get(id)!.dependsOn.filter((dep) => selected.has(dep)).length);
    }
    const conflictIndex = buildConflictIndex([...selected].map((id) => plan.tasks.get(id)!));
    const claims = createClaims(conflictIndex);
    const waveOf = new Map<TaskId, number>();
    const waves: TaskId[][] = [];
    if (schedule === 'waves') {
      for (const wave of computeWaves(plan)) {
        const kept = wave.filter((id) => selected.has(id));
        if (kept.length === 0) continue;
        for (const id of kept) waveOf.set(id, waves.length);
        waves.push(kept);
      }
    }
    let currentWave = 0;
    const undeclared = new UndeclaredWrites(plan.root);
    // Ready tasks, best first (longest remaining path, then id): a heap, so that a plan with thousands of
    // ready tasks is not sorted again every time a slot frees up.
    const ready = new Heap<TaskId>(sortReady);
    const running = new Set<TaskId>();
    let stopStatus: RunStatus | undefined;
    let failedAny = false;
    let spentUsd = 0;
    const usage = zeroUsage();

    const taskState = (id: TaskId): TaskState => state.tasks[id] ?? newTaskState(nowIso());
    const setTask = (id: TaskId, s: TaskState, durable: boolean): void => {
      s.updatedAt = nowIso();
      store.setTask(id, s, durable);
    };
    const flushFiles = (): void => store.setFiles(hasher.takeChanges());
    /** A receipt is a copy for caches that restore files: one that cannot be written is worth a warning, not the run. */
    const saveReceipt = (id: TaskId, success: NonNullable<TaskState['success']>): void => {
      try {
        writeReceipt(paths.dir, id, success);
      } catch (error: unknown) {
        emit({ type: 'warning', id, message: `could not write the receipt of ${id}: ${error instanceof Error ? error.message : String(error)}` });
      }
    };
    /** What a worktree takes from the main tree: the task's inputs and its dependencies' declared outputs. */
    const filesForWorktree = (task: Task): { patternSets: string[][]; files: string[] } => {
      // Each task's patterns on their own: a negation in one must not apply to another's.
      const patternSets = [task.inputs, ...task.dependsOn.map((dep) => plan.tasks.get(dep)!.outputs)].filter((set) => set.length > 0);
      return { patternSets, files: patternSets.flatMap((set) => Object.keys(hashPatterns(hasher, set).hashes)) };
    };

    // Evaluate tasks whose dependencies are all done: cached ones finish at once (and free their
    // dependents, iteratively), the others become ready.
    /** `id` is done (succeeded or cached): its selected dependents that wait for nothing else now. */
    const release = (id: TaskId, freed: TaskId[]): void => {
      for (const next of dependents.get(id) ?? []) {
        if (!selected.has(next)) continue;
        const left = remaining.get(next)! - 1;
        remaining.set(next, left);
        if (left === 0) freed.push(next);
      }
    };
    const evaluate = (start: TaskId[]): void => {
      const queue = [...start];
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i]!;
        const task = plan.tasks.get(id)!;
        const record = state.tasks[id];
        const inputs = hashPatterns(hasher, task.inputs);
        // (A pattern through `..` names files by another spelling than the hashes: not judged here.)
        const unmatched = task.inputs.length > 0 ? unmatchedPatterns(task.inputs, inputs).filter((p) => !/(^|\/)\.\.(\/|$)/.test(p)) : [];
        if (unmatched.length > 0) {
          const list = unmatched.map((p) => `"${p}"`).join(', ');
          emit({ type: 'warning', id, message: `input${unmatched.length > 1 ? 's' : ''} ${list} of ${id} name${unmatched.length > 1 ? '' : 's'} no file: a typo? (the task is fingerprinted as if ${unmatched.length > 1 ? 'they were' : 'it were'} empty, so a file created there later makes it run again)` });
        }
        const freshness = taskStatus(task, record, {
          agentVersion: agentVersions.get(task.agent) ?? '',
          inputHashes: inputs.hashes,
          unreadableInputs: inputs.unreadable,
          dependencyPart: (dep) => (selected.has(dep) ? dependencyPartOf(plan.tasks.get(dep)!, state.tasks[dep]) : foundPart(dep)),
          outputHashes: () => hashPatterns(hasher, task.outputs),
          forced: forced.has(id),
          ...(receipts.has(id) ? { receipt: receipts.get(id)! } : {}),
        });
        if (freshness.kind === 'cached') {
          if (freshness.receipt) {
            setTask(id, { ...taskState(id), status: 'succeeded', success: freshness.receipt }, false);
            store.log({ time: nowIso(), runId, task: id, message: 'cached by its receipt: its outputs on disk are the ones the receipt records' });
          }
          const success = state.tasks[id]!.success!;
          if (options.receipts && !receiptMatches(receipts.get(id), success)) saveReceipt(id, success);
          phase.set(id, 'cached');
          store.markCached(id, nowIso());
          results.set(id, { status: 'cached', attempts: 0, costUsd: 0 });
          emit({ type: 'task-cached', id, reason: 'unchanged since its last success' });
          release(id, queue);
          continue;
        }
        if (!freshness.fingerprint || !freshness.parts) throw new Error(`runPlan: ${id} evaluated before its dependencies`);
        evaluated.set(id, { fingerprint: freshness.fingerprint, parts: freshness.parts });
        phase.set(id, 'ready');
        ready.push(id);
        emit({ type: 'task-queued', id });
      }
    };

    // --no-deps: a dependency outside the run is done if its outputs are on disk. Its recorded part when
    // those are the recorded ones; else the files as found (restored by Nx, say), which then join the
    // fingerprint of the task that runs, so the state stays true to what that task was built from.
    // Such a dependency does not run, so what is found stays true for the run: looked at once per dependency.
    const foundParts = new Map<TaskId, DependencyPart | undefined>();
    const foundPart = (dep: TaskId): DependencyPart | undefined => {
      if (!foundParts.has(dep)) foundParts.set(dep, findPart(dep));
      return foundParts.get(dep);
    };
    const findPart = (dep: TaskId): DependencyPart | undefined => {
      const task = plan.tasks.get(dep)!;
      const recorded = dependencyPartOf(task, state.tasks[dep]);
      if (task.outputs.length === 0) return recorded ?? { outputs: {} };
      const found = hashPatterns(hasher, task.outputs);
      if (unmatchedPatterns(task.outputs, found).length > 0 || Object.keys(found.unreadable).length > 0) return undefined;
      const outputs = found.hashes;
      if (recorded && 'outputs' in recorded && sameHashes(recorded.outputs, outputs)) return recorded;
      return { outputs };
    };

    const skipDependents = (id: TaskId, why: string): void => {
      const stack = [...(dependents.get(id) ?? [])].map((next) => [next, why] as const);
      while (stack.length > 0) {
        const [next, reason] = stack.pop()!;
        if (!selected.has(next) || phase.get(next) !== 'waiting') continue;
        phase.set(next, 'skipped');
        const s = { ...taskState(next), status: 'skipped' as const, reason };
        setTask(next, s, false);
        results.set(next, { status: 'skipped', attempts: 0, reason, costUsd: 0 });
        emit({ type: 'task-skipped', id: next, reason });
        for (const after of dependents.get(next) ?? []) stack.push([after, `dependency ${next} was skipped`]);
      }
    };

    const taskFinished = (id: TaskId, ok: boolean, reason?: string): void => {
      running.delete(id);
      claims.remove(plan.tasks.get(id)!);
      if (ok) {
        const freed: TaskId[] = [];
        release(id, freed);
        evaluate(freed);
      } else {
        failedAny = true;
        skipDependents(id, `dependency ${id} failed${reason ? `: ${reason}` : ''}`);
        if (options.bail) stopStatus ??= 'failed';
      }
    };

    const done = (t: TaskId): boolean => {
      const p = phase.get(t);
      return p === 'succeeded' || p === 'cached' || p === 'failed' || p === 'skipped';
    };
    /** Waves schedule: moves on past the waves that are done (once per pump, not per candidate). */
    const advanceWave = (): void => {
      while (currentWave < waves.length && waves[currentWave]!.every(done)) currentWave++;
    };
    const waveAllows = schedule === 'waves' ? (id: TaskId): boolean => waveOf.get(id) === currentWave : undefined;

    // The loop below runs once per turn of the event loop, not once per event: the tasks that ended in
    // one turn are recorded with one write (StateStore.commit) and their freed slots filled together.
    let wake: (() => void) | undefined;
    let wakeScheduled = false;
    const poke = (): void => {
      if (wakeScheduled) return;
      wakeScheduled = true;
      setImmediate(() => {
        wakeScheduled = false;
        const w = wake;
        wake = undefined;
        w?.();
      });
    };
    const onAbort = (): void => {
      stopStatus = 'interrupted';
      poke();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const budget = plan.budget.maxCostUsd;
    const pump = (): void => {
      if (stopStatus) return;
      if (budget !== undefined && spentUsd >= budget) {
        stopStatus = 'budget-exhausted';
        emit({ type: 'warning', message: `budget spent: $${spentUsd.toFixed(2)} of $${budget.toFixed(2)}; starting no more tasks` });
        return;
      }
      const slots = concurrency - running.size;
      if (slots <= 0 || ready.size === 0) return;
      // What ended is on disk before anything that may depend on it starts.
      commitNow();
      if (internalError) return;
      if (waveAllows) advanceWave();
      const looked: TaskId[] = [];
      const picked = pickReady(popInOrder(ready, looked), {
        slots,
        blocked: (id) => claims.conflicts(plan.tasks.get(id)!),
        claim: (id) => claims.add(plan.tasks.get(id)!),
        ...(waveAllows ? { allowed: waveAllows } : {}),
      });
      // What was looked at and not picked waits for the next turn.
      const started = new Set(picked);
      for (const id of looked) if (!started.has(id)) ready.push(id);
      for (const id of picked) {
        phase.set(id, 'running');
        running.add(id);
        void runTask(id).then(
          (outcome) => {
            try {
              phase.set(id, outcome.ok ? 'succeeded' : 'failed');
              taskFinished(id, outcome.ok, outcome.reason);
            } catch (error: unknown) {
              failRun(error);
            }
            poke();
          },
          (error: unknown) => {
            running.delete(id);
            failRun(error);
            // Ended by the failure before its end was said (a record it could not write): said now.
            if (!results.has(id) || results.get(id)!.status === 'not-run') {
              const message = `stopped: ${error instanceof Error ? error.message : String(error)}`;
              results.set(id, { status: 'failed', attempts: 0, reason: message, costUsd: 0 });
              const attempt = state.tasks[id]?.attempts.at(-1)?.number ?? 0;
              emit({ type: 'task-failed', id, attempt, durationMs: 0, failure: { reason: 'interrupted', message } });
            }
          },
        );
      }
    };
    /**
     * Set when the run cannot go on (the state cannot be written, or a bug): nothing new starts, running
     * tasks are ended (their attempts' controllers), and runPlan throws it once they are.
     */
    let internalError: unknown;
    /** Aborted with the run's signal or by failRun: running attempts end, what waits (a retry's backoff) stops. */
    const stopping = new AbortController();
    const stopSignal = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
    const failRun = (error: unknown): void => {
      internalError ??= error;
      stopping.abort();
      poke();
    };
    store.onWriteError = failRun;
    /**
     * Writes the journal now (with a task's state first, when given). Called from the spawner's and
     * agents' event handlers too, where a throw would crash the process: a failure to write stops the run.
     */
    const commitNow = (id?: TaskId, s?: TaskState): void => {
      try {
        if (id !== undefined && s) setTask(id, s, true);
        store.commit();
      } catch (error: unknown) {
        failRun(error);
      }
    };
    /**
     * A record that must be on disk at once: the store writes it (with the others of the moment) as
     * soon as the callback running now returns (StateStore's group commit). Called from the spawner's
     * and agents' event handlers, where a throw would crash the process: a store that can no longer be
     * written stops the run instead.
     */
    const setTaskDurably = (id: TaskId, s: TaskState): void => {
      try {
        setTask(id, s, true);
      } catch (error: unknown) {
        failRun(error);
      }
    };

    for (const id of order) {
      for (const dep of plan.tasks.get(id)!.dependsOn) {
        if (selected.has(dep) || foundPart(dep)) continue;
        const found = hashPatterns(hasher, plan.tasks.get(dep)!.outputs);
        const missing = unmatchedPatterns(plan.tasks.get(dep)!.outputs, found);
        const unreadable = Object.entries(found.unreadable).map(([file, why]) => `${file} could not be read: ${why}`);
        throw new RunRefusedError(
          `${id} depends on ${dep}, whose outputs are missing (${[...missing, ...unreadable].join(', ')}): run ${dep} first, or drop --no-deps`,
        );
      }
    }
    // Before any task starts, every agent that a task still to run needs checks once (its CLI is there,
    // it has credentials...): a problem refuses the run with one message, a warning is said at the start.
    // Which tasks still run is known once the first ones are evaluated; what that evaluation reports
    // (cached, queued) is said only when the run goes ahead.
    heldEvents = [];
    evaluate(order.filter((id) => remaining.get(id) === 0));
    for (const name of new Set([...selected].filter((id) => phase.get(id) !== 'cached').map((id) => plan.tasks.get(id)!.agent))) {
      const agent = options.agents.get(name);
      if (!agent?.preflight) continue;
      const diagnostics = await agent.preflight(plan, [...selected].map((t) => plan.tasks.get(t)!).filter((t) => t.agent === name));
      for (const d of diagnostics) if (d.severity === 'warning') emit({ type: 'warning', message: formatDiagnostic(d) });
      const problems = diagnostics.filter((d) => d.severity !== 'warning');
      if (problems.length > 0) {
        heldEvents = undefined;
        throw new RunRefusedError(`agent ${name} cannot run:\n${problems.map((d) => formatDiagnostic(d)).join('\n')}`);
      }
    }
    const held = heldEvents;
    heldEvents = undefined;
    for (const event of held) emitRaw(event);
    for (;;) {
      if (!internalError) pump();
      if (internalError ? running.size === 0 : running.size === 0 && (stopStatus || ready.size === 0)) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    options.signal?.removeEventListener('abort', onAbort);
    undeclared.close();
    if (internalError) {
      // The state could not be written: the run still ends as documented (run-finished last), as failed.
      if (internalError instanceof StateWriteError) said(summarize('failed'));
      throw internalError;
    }
    flushFiles();
    const result = summarize();
    store.setRun({ id: runId, startedAt: new Date(startedMs).toISOString(), endedAt: nowIso(), status: result.status, pid: process.pid });
    store.log({ time: nowIso(), runId, message: `run ${result.status} (${JSON.stringify(result.counts)})` });
    return said(result);

    function said(r: RunResult): RunResult {
      emit({ type: 'run-finished', status: r.status, durationMs: r.durationMs, counts: r.counts, costUsd: r.costUsd, usage: r.usage });
      return r;
    }

    /** The run's outcome from the tasks' results (`forced`: with that status). */
    function summarize(forced?: RunStatus): RunResult {
      for (const id of order) {
        if (!results.has(id)) results.set(id, { status: 'not-run', attempts: 0, costUsd: 0 });
      }
      const counts = { succeeded: 0, cached: 0, failed: 0, skipped: 0, notRun: 0 };
      for (const r of results.values()) {
        if (r.status === 'succeeded') counts.succeeded++;
        else if (r.status === 'cached') counts.cached++;
        else if (r.status === 'failed') counts.failed++;
        else if (r.status === 'skipped') counts.skipped++;
        else counts.notRun++;
      }
      const status: RunStatus = forced ?? (stopStatus === 'interrupted' || options.signal?.aborted
        ? 'interrupted'
        : (stopStatus ?? (failedAny || counts.notRun > 0 ? 'failed' : 'succeeded')));
      const durationMs = clock.now() - startedMs;
      return {
        runId,
        status,
        exitCode: status === 'succeeded' ? 0 : status === 'interrupted' ? 130 : 1,
        durationMs,
        costUsd: spentUsd,
        usage,
        counts,
        tasks: results,
      };
    }

    // One task, attempt after attempt, until it succeeds, fails for good, or the run stops.
    async function runTask(id: TaskId): Promise<{ ok: boolean; reason?: string }> {
      const task = plan.tasks.get(id)!;
      const { fingerprint, parts } = evaluated.get(id)!;
      const agent = options.agents.get(task.agent);
      let retriesUsed = 0;
      let costUsd = 0;
      let attemptsThisRun = 0;
      const fail = (s: TaskState, failure: Failure, attempt: number, durationMs: number): { ok: false; reason: string } => {
        s.status = 'failed';
        s.reason = failure.message;
        results.set(id, { status: 'failed', attempts: attemptsThisRun, reason: failure.message, costUsd });
        // Said before it is recorded: a state that can no longer be written must not hide how the task
        // ended. (The journal is written once this callback returns, before any reporter prints it.)
        emit({ type: 'task-failed', id, attempt, durationMs, failure });
        setTask(id, s, true);
        store.log({ time: nowIso(), runId, task: id, message: `failed: ${failure.message}` });
        return { ok: false, reason: failure.message };
      };

      if (!agent) {
        const known = [...options.agents.keys()].sort().join(', ');
        return fail(taskState(id), { reason: 'spawn-error', message: `unknown agent "${task.agent}" (known: ${known})` }, 0, 0);
      }
      for (;;) {
        const s = taskState(id);
        const previous = s.attempts.at(-1);
        const attempt = (previous?.number ?? 0) + 1;
        attemptsThisRun++;
        const logFile = attemptLogPath(paths.logs, id, attempt, agent.logExtension);
        const startMs = clock.now();
        // Relative to the plan's folder (the state stays small and movable); cwd only when not that folder.
        const record: AttemptRecord = { number: attempt, runId, startedAt: nowIso(), outcome: 'running', logFile: attemptLogPath(logsFromRoot, id, attempt, agent.logExtension) };
        s.status = 'running';
        delete s.reason;
        s.attempts = [...s.attempts, record].slice(-MAX_ATTEMPTS_KEPT);
        setTask(id, s, false);
        emit({ type: 'task-started', id, attempt, logFile });
        undeclared.taskStarted(task);

        /**
         * The task's process group, written down at once (not at the end of the turn: hashing a big output
         * later in the same turn could leave a running process unrecorded): after a kill -9 the next run
         * ends it. Through a spawner helper (which read the start time, `known`) the pid comes in an I/O
         * callback: "at once" is when that read has been handled (setTaskDurably). A direct spawn reports
         * it synchronously, inside the scheduler's pass: written now, before the pass starts the next task.
         */
        const recordProcess = (pid: number, known?: string): void => {
          record.pgid = pid;
          const startTime = known ?? processStartTime(pid);
          if (startTime !== undefined) record.pgidStartTime = startTime;
          else delete record.pgidStartTime;
          if (known === undefined) commitNow(id, s);
          else setTaskDurably(id, s);
        };
        // The attempt ends when the run stops or, with a timeout, when that passes: its own signal only
        // then (a controller and a listener per attempt cost ~5 µs, for a 1,000-task run of `true` ~1%).
        let timedOut = false;
        let timer: NodeJS.Timeout | undefined;
        let attemptSignal = stopSignal;
        let onRunAbort: (() => void) | undefined;
        if (task.timeoutMs !== undefined) {
          const controller = new AbortController();
          const abort = (): void => controller.abort();
          onRunAbort = abort;
          stopSignal.addEventListener('abort', abort, { once: true });
          if (stopSignal.aborted) controller.abort();
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, task.timeoutMs);
          attemptSignal = controller.signal;
        }
        const maxCostUsd = capCost(task.maxCostUsd, budget, spentUsd);
        let outcome: AgentOutcome | undefined;
        let worktree: TaskWorktree | undefined;
        if (task.isolation === 'worktree' && repo) {
          try {
            worktree = await TaskWorktree.open(repo, plan.root, task, attempt, filesForWorktree(task));
            record.cwd = worktree.cwd;
            commitNow(id, s); // on disk before anything runs in it
          } catch (error: unknown) {
            const message = `could not create the task's git worktree: ${error instanceof Error ? error.message.trim() : String(error)}`;
            outcome = { ok: false, failure: { reason: 'spawn-error', message } };
          }
        }
        const cwd = worktree?.cwd ?? plan.root;
        // A retry starts here, not from pump(): the attempts before it are on disk first.
        if (attemptsThisRun > 1) commitNow();
        // In a worktree, git in the task must find the worktree, not a repository GIT_DIR (set when
        // orchestra runs from a git hook, say) points to.
        const taskEnv = worktree ? withoutGitLocation(options.env) : options.env;
        try {
          // Not when the worktree could not be made (`outcome` says so already).
          outcome ??= await agent.run({
            plan,
            task,
            attempt,
            cwd,
            // Built when an agent reads it (the Claude agent's prompt does; a command does not).
            get dependencies() {
              return task.dependsOn.map((dep) => {
                const depTask = plan.tasks.get(dep)!;
                return {
                  id: dep,
                  outputs: Object.keys(state.tasks[dep]?.success?.outputs ?? {}),
                  ...(depTask.description ? { description: depTask.description } : {}),
                };
              });
            },
            ...(previous
              ? {
                  previous: {
                    attempt: previous.number,
                    ...(previous.sessionId ? { sessionId: previous.sessionId } : {}),
                    ...(previous.sessionCostUsd !== undefined ? { sessionCostUsd: previous.sessionCostUsd } : {}),
                    ...(previous.cwd ? { cwd: previous.cwd } : {}),
                    ...(previous.failure ? { failure: previous.failure } : {}),
                  },
                }
              : {}),
            logFile,
            signal: attemptSignal,
            ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
            env: taskEnv,
            redact,
            ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
            onProgress: (p) => {
              if (p.sessionId && p.sessionId !== record.sessionId) {
                record.sessionId = p.sessionId;
                // Durable at once: after a kill -9 the next run resumes this conversation (--resume).
                commitNow(id, s);
              }
              emit({ type: 'task-progress', id, attempt, message: p.message, ...(p.costUsd !== undefined ? { costUsd: p.costUsd } : {}) });
            },
            onOutput: (stream, line) => emit({ type: 'task-output', id, attempt, stream, line }),
            onProcessStart: recordProcess,
          });
        } catch (error: unknown) {
          // An agent that throws has a bug; the run goes on and the message says so.
          outcome = {
            ok: false,
            failure: { reason: 'no-result', message: `agent ${agent.name} crashed: ${error instanceof Error ? error.message : String(error)}` },
          };
        }
        let failure: Failure | undefined = outcome.ok ? undefined : (outcome.failure ?? { reason: 'exit-non-zero', message: 'the agent reported a failure' });
        if (timedOut) {
          failure = { reason: 'timed-out', message: `timed out after ${formatMs(task.timeoutMs ?? 0)}`, ...(failure?.detail ? { detail: failure.detail } : {}) };
        } else if (options.signal?.aborted) {
          failure = { reason: 'interrupted', message: 'interrupted' };
        }

        if (!failure && task.verify.length > 0) {
          failure = await runVerify(task, {
            cwd,
            env: taskEnv,
            logFile,
            signal: attemptSignal,
            redact,
            ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
            onProcessStart: recordProcess,
          });
        }
        if (timer) clearTimeout(timer);
        if (onRunAbort) stopSignal.removeEventListener('abort', onRunAbort);
        if (failure?.reason === 'verify-failed' && options.signal?.aborted) failure = { reason: 'interrupted', message: 'interrupted' };
        // A worktree's declared outputs go back to the main tree (on success) before they are hashed there.
        let worktreeUndeclared: string[] = [];
        if (worktree) {
          try {
            const finished = worktree.finish(task, !failure, plan.strict);
            failure ??= finished.failure;
            // Under strict, the failure names them already.
            if (finished.failure?.reason !== 'undeclared-writes') worktreeUndeclared = finished.undeclared;
          } finally {
            await worktree.close();
          }
        }

        let outputs: Record<string, ContentHash> = {};
        if (!failure) {
          const found = hashPatterns(hasher, task.outputs);
          outputs = found.hashes;
          const missing = unmatchedPatterns(task.outputs, found);
          const unreadable = Object.entries(found.unreadable).map(([file, why]) => `${file} (${why})`);
          if (missing.length > 0) {
            failure = { reason: 'output-missing', message: `declared output${missing.length > 1 ? 's' : ''} not written: ${missing.join(', ')}` };
          } else if (unreadable.length > 0) {
            failure = { reason: 'output-missing', message: `declared output${unreadable.length > 1 ? 's' : ''} could not be read: ${unreadable.join(', ')}` };
          }
        }
        const mainReport = await undeclared.taskEnded(task);
        // What the task changed in its worktree is certainly its own.
        const report = worktreeUndeclared.length === 0
          ? mainReport
          : { files: [...new Set([...worktreeUndeclared, ...mainReport.files])].sort(), alsoRunning: mainReport.files.length > 0 ? mainReport.alsoRunning : [] };
        if (report.files.length > 0) {
          const message = undeclaredMessage(report.files, report.alsoRunning);
          if (!failure && plan.strict && report.alsoRunning.length === 0) {
            failure = { reason: 'undeclared-writes', message, detail: report.files.join('\n') };
          } else {
            emit({ type: 'warning', id, message });
          }
        }
        // Found when tasks that ran beside this one ended: this one or they wrote them, who is not known.
        const shared = mainReport.shared?.files.filter((file) => !report.files.includes(file)) ?? [];
        if (shared.length > 0) emit({ type: 'warning', id, message: undeclaredMessage(shared, mainReport.shared!.others) });
        const undeclaredWrites = shared.length > 0 ? [...report.files, ...shared].sort() : report.files;

        const durationMs = clock.now() - startMs;
        const attemptCost = outcome.costUsd ?? 0;
        costUsd += attemptCost;
        spentUsd += attemptCost;
        s.costUsd += attemptCost;
        if (outcome.usage) {
          addUsage(usage, outcome.usage);
          addUsage(s.usage, outcome.usage);
        }
        // Without the process group: it is gone (and `delete` would make the record slow to serialize).
        const { pgid: _pgid, pgidStartTime: _pgidStartTime, ...started } = record;
        const ended: AttemptRecord = {
          ...started,
          endedAt: nowIso(),
          outcome: failure ? 'failed' : 'succeeded',
          durationMs,
          ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
          ...(outcome.sessionId ? { sessionId: outcome.sessionId } : record.sessionId ? { sessionId: record.sessionId } : {}),
          ...(outcome.sessionCostUsd !== undefined ? { sessionCostUsd: outcome.sessionCostUsd } : {}),
          ...(outcome.costUsd !== undefined ? { costUsd: outcome.costUsd } : {}),
          ...(outcome.usage ? { usage: outcome.usage } : {}),
          ...(failure ? { failure } : {}),
        };
        s.attempts = [...s.attempts.slice(0, -1), ended];
        flushFiles();
        // A failed attempt's log says how it ended (and exists, even when nothing was printed: the reports
        // point to it); a failure found after the process (verify, outputs) is only known here.
        if (failure) {
          // JSON Lines logs (Claude Code's stream) stay JSON Lines, as the agent's own records are.
          const line = logFile.endsWith('.jsonl')
            ? JSON.stringify({ type: 'orchestra_failure', attempt, reason: failure.reason, message: failure.message })
            : `[orchestra] attempt ${attempt} failed (${failure.reason}): ${failure.message}`;
          appendToLog(logFile, `${redact(line)}\n`);
        }

        if (!failure) {
          s.status = 'succeeded';
          s.success = { fingerprint, parts, outputs, finishedAt: nowIso(), durationMs, runId };
          setTask(id, s, true);
          if (options.receipts) saveReceipt(id, s.success);
          results.set(id, { status: 'succeeded', attempts: attemptsThisRun, costUsd });
          store.log({ time: nowIso(), runId, task: id, message: `succeeded in ${formatMs(durationMs)}` });
          emit({
            type: 'task-succeeded',
            id,
            attempt,
            durationMs,
            outputs,
            ...(outcome.costUsd !== undefined ? { costUsd: outcome.costUsd } : {}),
            ...(outcome.usage ? { usage: outcome.usage } : {}),
            ...(undeclaredWrites.length > 0 ? { undeclaredWrites } : {}),
          });
          return { ok: true };
        }

        const decision = decideRetry(failure, retriesUsed, task.retries, policy, clock.random());
        const canGoOn = !stopStatus && !options.signal?.aborted && !internalError;
        if ((decision.action === 'retry' || decision.action === 'wait') && canGoOn) {
          setTask(id, s, true);
          store.log({ time: nowIso(), runId, task: id, message: `attempt ${attempt} failed: ${failure.message}` });
          if (decision.action === 'retry') {
            retriesUsed++;
            emit({ type: 'task-retrying', id, attempt, delayMs: decision.delayMs, failure });
          } else {
            emit({ type: 'task-waiting', id, attempt, untilTime: new Date(clock.now() + decision.delayMs).toISOString(), reason: decision.reason });
          }
          await clock.sleep(decision.delayMs, stopSignal);
          if (!stopSignal.aborted) continue;
          return fail(s, { reason: 'interrupted', message: 'interrupted while waiting to retry' }, attempt, durationMs);
        }
        if (decision.action === 'fail-and-stop') stopStatus ??= decision.status;
        // A task stopped from outside (see stoppedFromOutside): the run is being interrupted too.
        if (failure.reason === 'interrupted') stopStatus ??= 'interrupted';
        if (decision.action === 'wait' || decision.action === 'fail-and-stop') {
          if (failure.reason === 'usage-limit') stopStatus ??= 'usage-limit';
        }
        return fail(s, failure, attempt, durationMs);
      }
    }
  }
}

/** "files written but not declared in outputs (or by a, b, which ran meanwhile): x, y", lists cut short. */
function undeclaredMessage(files: readonly string[], others: readonly TaskId[]): string {
  const shown = files.slice(0, 20).join(', ') + (files.length > 20 ? `, … (${files.length} files)` : '');
  const names = others.slice(0, 10).join(', ') + (others.length > 10 ? ` and ${others.length - 10} more` : '');
  const also = others.length > 0 ? ` (or by ${names}, which ran meanwhile)` : '';
  return `files written but not declared in outputs${also}: ${shown}`;
}

function capCost(taskCap: number | undefined, budget: number | undefined, spent: number): number | undefined {
  if (budget === undefined) return taskCap;
  const left = Math.max(0, budget - spent);
  return taskCap === undefined ? left : Math.min(taskCap, left);
}

function addUsage(total: TokenUsage, add: TokenUsage): void {
  total.inputTokens += add.inputTokens;
  total.outputTokens += add.outputTokens;
  total.cacheReadInputTokens += add.cacheReadInputTokens;
  total.cacheCreationInputTokens += add.cacheCreationInputTokens;
}

function formatMs(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1_000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function sameHashes(a: Readonly<Record<string, ContentHash>>, b: Readonly<Record<string, ContentHash>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Pops `heap` best first, noting each item in `looked`, for as long as the caller iterates. */
function* popInOrder<T>(heap: Heap<T>, looked: T[]): Generator<T> {
  while (heap.size > 0) {
    const item = heap.pop()!;
    looked.push(item);
    yield item;
  }
}

/** Appends a line to an attempt's log, creating it; a log that cannot be written must not fail the run. */
function appendToLog(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, text);
  } catch {
    // a full disk or a removed folder: the state and the events still say how the attempt ended
  }
}
