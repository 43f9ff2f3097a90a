// The one writer of `.orchestra/state.json`. Durable without being slow:
//
//   transition ──append──> .orchestra/journal.ndjson     (write(2) once the callback running now returns,
//                                                          or at commit(): survives kill -9;
//                                                          fdatasync within ~0.1 s, coalesced: power loss)
//   now and then, and at the end ──fold──> state.json     (temp file + fsync + rename), journal emptied
//   next start: state.json + leftover journal replayed ──> the state a killed run had reached
//
// A run that ran nothing (every task cached) against a big state.json does not rewrite it: rewriting
// 14 MB for 10,000 tasks cost more than the rest of such a run. It appends one compact `cached`
// record and a `closed` marker instead; the next run replays them, and a later fold takes them in.
//
// Every journal record carries a full value (a task's whole state), so replaying a record twice (a kill
// between the rename and the truncation) changes nothing.
//
// Durable records are written together (a group commit), on process.nextTick: once the I/O callback
// (or timer, or immediate) that made them has returned and its promise continuations have run, so the
// eight tasks that one read from the spawner ends are one write, not eight, and that write comes before
// anything the next callback does: before the reporters print those tasks' ends (they write once per
// turn of the event loop, never sooner). The engine calls commit()
// before it starts processes, so what the journal says is done is on disk before anything that depends
// on it starts.
import { closeSync, fdatasync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { FileStamp } from '../fingerprint/file-hasher.ts';
import { writeAllSync, writeFileAtomicSync } from './atomic-write.ts';
import {
  applyRecord,
  dictionary,
  emptyState,
  STATE_VERSION,
  type JournalRecord,
  type LogEntry,
  type RunRecord,
  type StateFile,
  type TaskState,
} from './state-format.ts';

export const STATE_DIR = '.orchestra';
/** The journal is fdatasync'ed at most this often (see scheduleSync). */
const SYNC_EVERY_MS = 100;

export interface StatePaths {
  dir: string;
  state: string;
  journal: string;
  lock: string;
  logs: string;
}

export function statePaths(root: string): StatePaths {
  const dir = path.join(root, STATE_DIR);
  return {
    dir,
    state: path.join(dir, 'state.json'),
    journal: path.join(dir, 'journal.ndjson'),
    lock: path.join(dir, 'lock'),
    logs: path.join(dir, 'logs'),
  };
}

export interface LoadedState {
  state: StateFile;
  /** Problems met while reading (a corrupt or foreign file set aside), for a warning. */
  warnings: string[];
  /** Journal records replayed that a run which did not finish left (not those a clean close left). */
  replayed: number;
  /** Length of state.json and of the journal as read (0 when absent). */
  stateBytes: number;
  journalBytes: number;
}

/** Reads state.json and replays any journal, without writing anything (for status, explain). */
export function readState(paths: StatePaths, plan: { name: string; file: string }): LoadedState {
  const warnings: string[] = [];
  let state = emptyState(plan);
  let text: string | undefined;
  try {
    text = readFileSync(paths.state, 'utf8');
  } catch (error: unknown) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  if (text !== undefined) {
    try {
      const parsed = JSON.parse(text) as Partial<StateFile>;
      if (parsed.version !== STATE_VERSION || typeof parsed.tasks !== 'object' || parsed.tasks === null) {
        warnings.push(`${paths.state} has format version ${String(parsed.version)}, expected ${STATE_VERSION}; starting from an empty state`);
      } else {
        state = { ...emptyState(plan), ...parsed, plan } as StateFile;
        state.tasks = dictionary(state.tasks);
        state.files = dictionary(state.files);
      }
    } catch {
      warnings.push(`${paths.state} is not valid JSON; starting from an empty state`);
    }
  }
  let journal = '';
  try {
    journal = readFileSync(paths.journal, 'utf8');
  } catch (error: unknown) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  const lines = journal.split('\n');
  let sinceClosed = 0;
  for (const [i, line] of lines.entries()) {
    if (!line) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      // The last line may be torn by a kill in the middle of a write; anything else is worth a word.
      if (i < lines.length - 1 && lines.slice(i + 1).some(Boolean)) warnings.push(`${paths.journal}:${i + 1}: unreadable record skipped`);
      continue;
    }
    applyRecord(state, record);
    sinceClosed = record.t === 'closed' ? 0 : sinceClosed + 1;
  }
  return { state, warnings, replayed: sinceClosed, stateBytes: text?.length ?? 0, journalBytes: journal.length };
}

/**
 * The state could not be written (a full disk, a file too large, a read-only folder): the run stops,
 * and what was written before stays. A condition of the machine, said without a stack.
 */
export class StateWriteError extends Error {
  readonly code: string | undefined;
  constructor(file: string, cause: unknown) {
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
    super(`could not write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StateWriteError';
    this.code = code;
  }
}

export interface StateStoreOptions {
  /** Fold the journal into state.json when this many records accumulated... */
  foldEveryRecords?: number;
  /** ...and at least this long passed since the last fold. */
  foldEveryMs?: number;
  /**
   * close() leaves the journal unfolded when no task record was written, state.json is at least
   * this big, and the journal is under a quarter of it. Default 1 MB (small states are always folded).
   */
  lazyFoldFromBytes?: number;
}

/** The single writer. Open it only while holding the lock. */
export class StateStore {
  readonly paths: StatePaths;
  readonly state: StateFile;
  readonly warnings: string[];
  readonly replayed: number;
  private fd: number;
  /** Records not written yet; a task's record gives way to a later one of the same task (undefined). */
  private buffered: (JournalRecord | undefined)[] = [];
  /** Task id -> its record's index in `buffered`. */
  private bufferedTasks = new Map<string, number>();
  private records = 0;
  private lastFold = performance.now();
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private lastSyncAt = Number.NEGATIVE_INFINITY;
  /** Durable records wait in `buffered` for the commit once the current callback returns. */
  private commitScheduled = false;
  private syncWanted = false;
  private closed = false;
  /** Once a write failed, every later commit and close says so (the store writes nothing more). */
  private failure: StateWriteError | undefined;
  /** Told at once when a scheduled write fails (no caller is there to throw to); else it is thrown. */
  onWriteError: ((error: unknown) => void) | undefined;
  private readonly foldEveryRecords: number;
  private readonly foldEveryMs: number;
  private readonly lazyFoldFromBytes: number;
  private stateBytes: number;
  private journalBytes: number;
  /** A task record was journaled since the last fold: close() folds, so state.json has the outcomes. */
  private tasksJournaled = false;
  /** Tasks marked cached since the last fold (in memory only until the fold or close). */
  private cachedIds: string[] = [];
  private cachedAt = '';

  constructor(paths: StatePaths, plan: { name: string; file: string }, options: StateStoreOptions = {}) {
    this.paths = paths;
    this.foldEveryRecords = options.foldEveryRecords ?? 5_000;
    this.foldEveryMs = options.foldEveryMs ?? 10_000;
    this.lazyFoldFromBytes = options.lazyFoldFromBytes ?? 1024 * 1024;
    mkdirSync(paths.dir, { recursive: true });
    const loaded = readState(paths, plan);
    this.state = loaded.state;
    this.warnings = loaded.warnings;
    this.replayed = loaded.replayed;
    this.stateBytes = loaded.stateBytes;
    this.journalBytes = loaded.journalBytes;
    if (loaded.warnings.some((w) => w.startsWith(paths.state))) setAside(paths.state);
    this.fd = openSync(paths.journal, 'a', 0o644);
    // A killed run's journal becomes part of state.json before anything new is appended.
    if (loaded.replayed > 0 || loaded.warnings.length > 0) this.fold();
  }

  setTask(id: string, s: TaskState, durable = false): void {
    this.append({ t: 'task', id, s }, durable);
  }

  /**
   * Marks a task cached (status `cached`, no reason) in memory; written at the next fold or close, as
   * one record for all of them. A kill may lose it without harm: the success it rests on is durable.
   */
  markCached(id: string, at: string): void {
    if (this.closed) throw new Error('state store is closed');
    applyRecord(this.state, { t: 'cached', ids: [id], at });
    this.cachedIds.push(id);
    this.cachedAt = at;
  }

  setFiles(changes: ReadonlyMap<string, FileStamp | null>): void {
    if (changes.size === 0) return;
    this.append({ t: 'files', f: Object.fromEntries(changes) }, false);
  }

  setRun(r: RunRecord, durable = true): void {
    this.append({ t: 'run', r }, durable);
  }

  log(e: LogEntry): void {
    this.append({ t: 'log', e }, false);
  }

  private append(record: JournalRecord, durable: boolean): void {
    if (this.closed) throw new Error('state store is closed');
    if (this.failure) throw this.failure;
    applyRecord(this.state, record);
    if (record.t === 'task') this.tasksJournaled = true;
    this.write(record);
    if (durable) {
      this.syncWanted = true;
      if (!this.commitScheduled) {
        this.commitScheduled = true;
        process.nextTick(() => {
          this.commitScheduled = false;
          try {
            if (!this.closed) this.commit();
          } catch (error: unknown) {
            // A StateWriteError is also kept in `failure` (the next commit, append or close throws it).
            if (!this.onWriteError) throw error;
            this.onWriteError(error);
          }
        });
      }
    } else if (this.buffered.length > 2_000) {
      this.flush(false);
    }
  }

  /**
   * Writes the records buffered so far to the journal now (durable ones are otherwise written once the
   * current callback returns), and folds the journal when it has grown enough.
   */
  commit(): void {
    if (this.closed) throw new Error('state store is closed');
    if (this.failure) throw this.failure;
    const sync = this.syncWanted;
    this.syncWanted = false;
    this.flush(sync);
    if (sync && this.records >= this.foldEveryRecords && performance.now() - this.lastFold >= this.foldEveryMs) this.fold();
  }

  /**
   * Buffers a record for the journal (already applied to the state). A task record replaces the one of
   * the same task still waiting: each holds the task's whole state, so the later says all (a task's
   * start and its process, in one turn, are one write). Serialized when written: the state as it is then.
   */
  private write(record: JournalRecord): void {
    if (record.t === 'task') {
      const earlier = this.bufferedTasks.get(record.id);
      if (earlier !== undefined) this.buffered[earlier] = undefined;
      this.bufferedTasks.set(record.id, this.buffered.length);
    }
    this.buffered.push(record);
  }

  /** Writes buffered records to the journal; with `sync`, also schedules a (coalesced) fdatasync. */
  private flush(sync: boolean): void {
    if (this.buffered.length > 0) {
      let text = '';
      for (const record of this.buffered) {
        if (!record) continue;
        text += `${JSON.stringify(record)}\n`;
        this.records++;
      }
      this.buffered = [];
      this.bufferedTasks.clear();
      try {
        // All of it or an error: a short write (a file-size limit, a full disk) leaves a torn record,
        // which the next start skips.
        writeAllSync(this.fd, text);
      } catch (error: unknown) {
        throw (this.failure = new StateWriteError(this.paths.journal, error));
      }
      this.journalBytes += text.length;
    }
    if (sync) this.scheduleSync();
  }

  /**
   * One fdatasync at a time, at most one per SYNC_EVERY_MS: back to back, they cost a 1,000-task run
   * ~10% of its time. What a power loss can take is then the last ~0.1 s of records, and a lost record
   * only makes a task run again (outputs are checked against their recorded hashes anyway).
   */
  private scheduleSync(): void {
    if (this.syncing || this.syncTimer) {
      this.syncAgain = true;
      return;
    }
    const wait = this.lastSyncAt + SYNC_EVERY_MS - performance.now();
    if (wait > 0) {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = undefined;
        if (!this.closed) this.scheduleSync();
      }, wait);
      this.syncTimer.unref();
      return;
    }
    const fd = this.fd;
    this.syncing = new Promise<void>((resolve) => {
      fdatasync(fd, () => resolve());
    }).then(() => {
      this.syncing = undefined;
      this.lastSyncAt = performance.now();
      if (this.syncAgain && !this.closed) {
        this.syncAgain = false;
        this.scheduleSync();
      }
    });
  }

  /** Writes the whole state to state.json atomically and empties the journal. */
  fold(): void {
    this.flush(false);
    this.syncWanted = false; // state.json is written and fsynced whole
    const text = `${JSON.stringify(this.state)}\n`;
    try {
      writeFileAtomicSync(this.paths.state, text);
      ftruncateSync(this.fd, 0);
    } catch (error: unknown) {
      throw (this.failure = new StateWriteError(this.paths.state, error));
    }
    this.stateBytes = text.length;
    this.journalBytes = 0;
    this.tasksJournaled = false;
    this.cachedIds = [];
    this.records = 0;
    this.lastFold = performance.now();
  }

  /** Folds, waits for pending syncs and closes the journal; throws StateWriteError if writing failed (then or before). */
  async close(): Promise<void> {
    if (this.closed) return;
    let lazy = false;
    try {
      if (this.failure) throw this.failure;
      if (this.cachedIds.length > 0) this.write({ t: 'cached', ids: this.cachedIds, at: this.cachedAt });
      this.cachedIds = [];
      this.flush(false);
      lazy = !this.tasksJournaled && this.stateBytes >= this.lazyFoldFromBytes && this.journalBytes * 4 < this.stateBytes;
      if (lazy) {
        this.write({ t: 'closed' });
        this.flush(false);
      } else {
        this.fold();
      }
    } finally {
      this.closed = true;
      if (this.syncTimer) clearTimeout(this.syncTimer);
      await this.syncing;
      if (lazy && !this.failure) fdatasyncSync(this.fd);
      closeSync(this.fd);
    }
  }
}

function setAside(file: string): void {
  try {
    renameSync(file, `${file}.unreadable-${Date.now()}`);
  } catch {
    // gone already
  }
}

function isCode(error: unknown, code: string): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === code;
}
