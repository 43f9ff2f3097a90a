// Which files under the plan's folder changed, learnt from the file system's change notifications
// (inotify on Linux, FSEvents on macOS) instead of walking the tree after every task: a walk costs
// O(files) per task, so 10,000 tasks in a tree of 20,000 files would mean 200 million stats.
// One non-recursive watcher per folder, so orchestra's own folder, node_modules and .git are left out.
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

const SKIPPED = new Set(['.orchestra', 'node_modules', '.git']);

export class TreeWatcher {
  private readonly root: string;
  private readonly watchers = new Map<string, FSWatcher>();
  private changed = new Set<string>();
  /** Set when watching failed (e.g. the system's limit of watches): the caller falls back. */
  failed: string | undefined;
  /** The wait that callers of take() share until its first immediate fires. */
  private wait: Promise<void> | undefined;

  constructor(root: string) {
    this.root = root;
    this.watchDir('');
  }

  /**
   * Files (relative, `/`-separated) reported changed since the last call that exist now; waits for
   * pending events. A path that is gone again (a temp file written then renamed into place, as Claude
   * Code's Write tool and most atomic writers do) left nothing behind and is not a write.
   */
  async take(): Promise<string[]> {
    // The task's writes were queued as notifications before its exit was seen, but not always before
    // the poll that saw it began: libuv reads a pipe until it is empty, so an exit written by the
    // spawner after that poll's epoll_wait is handled in the same phase while the notifications wait
    // for the next one. Two setImmediates wait out one whole poll phase begun after this call.
    // Callers until the first of them fires share the wait (it still begins after each call): the tasks
    // that end together go on together, in one callback (their records are one journal write).
    this.wait ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.wait = undefined;
        setImmediate(resolve);
      }),
    );
    await this.wait;
    const out = [...this.changed].sort();
    this.changed = new Set();
    return out.filter((rel) => isFile(path.join(this.root, rel)));
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private watchDir(rel: string): void {
    if (this.failed || this.watchers.has(rel)) return;
    const abs = path.join(this.root, rel);
    let watcher: FSWatcher;
    try {
      watcher = watch(abs, { persistent: false }, (_event, name) => this.onEvent(rel, name));
    } catch (error: unknown) {
      this.failed = error instanceof Error ? error.message : String(error);
      return;
    }
    watcher.on('error', () => {
      this.watchers.get(rel)?.close();
      this.watchers.delete(rel);
    });
    this.watchers.set(rel, watcher);
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) this.watchDir(rel ? `${rel}/${entry.name}` : entry.name);
    }
  }

  private onEvent(dirRel: string, name: string | Buffer | null): void {
    if (name === null) return;
    const base = name.toString();
    if (!dirRel && SKIPPED.has(base.split('/')[0] ?? '')) return;
    const rel = dirRel ? `${dirRel}/${base}` : base;
    if (isFolder(path.join(this.root, rel))) {
      if (!SKIPPED.has(base)) {
        this.watchDir(rel);
        // Files created in a new folder before its watcher existed.
        for (const file of listFiles(this.root, rel)) this.changed.add(file);
      }
      return;
    }
    this.changed.add(rel);
  }
}

/** Whether `abs` is a regular file now (following links). */
export function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

function isFolder(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function listFiles(root: string, rel: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) out.push(...listFiles(root, child));
    } else out.push(child);
  }
  return out;
}
