// When may two tasks not run at the same time? When they share a `lock` name, or when their
// `outputs` overlap: some file could be written by both. As in the engine's check of undeclared
// writes, a declared folder owns what lies under it (`dist` overlaps `dist/a.js`). A pattern
// whose last segment looks like a file name (`a.txt`, `*.ts`) is taken to be a file, so
// `src/**/*.ts` does not conflict with `src/styles.css` through an imagined `src/styles.css/x.ts`.
// A declared plain path under a path the other task declares proves that one a folder: conflict.
// Negated outputs (`!dist/cache/**`) are ignored here: leaving out an exclusion can only add
// conflicts, never hide one.
import type { Task, TaskId } from '../plan/model.ts';
import { compareIds } from './compare-ids.ts';
import { type CompiledGlob, compileGlob, isLiteralPath, normalizeGlobPath } from './glob-nfa.ts';
import { automataIntersect, cachedGlob, prefixesCompatible } from './globs-overlap.ts';

/** The distinct output patterns of a task that can claim files, normalized (`./a/` -> `a`). */
export function claimedOutputs(task: Pick<Task, 'outputs'>): string[] {
  const [only, ...more] = task.outputs;
  if (only === undefined) return [];
  if (more.length === 0) return only.startsWith('!') && !only.startsWith('!(') ? [] : [normalizeGlobPath(only)];
  const patterns = new Set<string>();
  for (const output of task.outputs) {
    if (output.startsWith('!') && !output.startsWith('!(')) continue;
    patterns.add(normalizeGlobPath(output));
  }
  return [...patterns];
}

/** True when some path matched by `a` equals, contains or lies under some path matched by `b`. */
export function outputsOverlap(a: string, b: string): boolean {
  const [na, nb] = [normalizeGlobPath(a), normalizeGlobPath(b)];
  // Two plain paths (the common case, and the scheduler asks often): no automaton needed.
  if (isLiteralPath(na) && isLiteralPath(nb)) return isSameOrUnder(na, nb);
  return overlapCompiled(pairOf(na, cachedGlob), pairOf(nb, cachedGlob));
}

/** True when `a` and `b` must not run at the same time. */
export function tasksConflict(a: Pick<Task, 'outputs' | 'locks'>, b: Pick<Task, 'outputs' | 'locks'>): boolean {
  const locks = new Set(a.locks);
  if (b.locks.some((lock) => locks.has(lock))) return true;
  const bOutputs = claimedOutputs(b);
  return claimedOutputs(a).some((pa) => bOutputs.some((pb) => outputsOverlap(pa, pb)));
}

interface GlobPair {
  plain: CompiledGlob;
  /** The pattern followed by `/**`: the paths it matches and everything under them. */
  subtree: CompiledGlob;
  /** Whether the paths it matches may be folders (see `mayBeFolder`). */
  folder: boolean;
}

function pairOf(pattern: string, compile: (p: string) => CompiledGlob): GlobPair {
  return { plain: compile(pattern), subtree: compile(pattern === '' ? '**' : `${pattern}/**`), folder: mayBeFolder(pattern) };
}

/** `dist`, `src/*`, `.github`, `out/**` may be folders; `a.txt`, `*.ts`, `{a,b}.md` are files. */
export function mayBeFolder(pattern: string): boolean {
  const last = pattern.slice(pattern.lastIndexOf('/') + 1);
  return last === '**' || !last.slice(1).includes('.');
}

function overlapCompiled(a: GlobPair, b: GlobPair): boolean {
  if (a.plain.literal && b.plain.literal) return isSameOrUnder(a.plain.normalized, b.plain.normalized);
  if (!prefixesCompatible(a.plain.staticPrefix, b.plain.staticPrefix)) return false;
  // A plain path that lies under a match of the other pattern proves that match a folder.
  const aOwns = a.folder || b.plain.literal ? a.subtree : a.plain;
  const bOwns = b.folder || a.plain.literal ? b.subtree : b.plain;
  return automataIntersect(aOwns.nfa, b.plain.nfa) || automataIntersect(a.plain.nfa, bOwns.nfa);
}

function isSameOrUnder(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/**
 * Which output patterns of a set of tasks overlap, computed without comparing every pair:
 * plain paths meet only through a hash set (equal paths, or one a parent folder of the other);
 * a glob is compared only with the plain paths under its static prefix (found by binary search
 * in the sorted paths) and with the other globs. 10,000 tasks with plain outputs cost O(n log n).
 */
export interface ConflictIndex {
  /** For each claimed output pattern that overlaps others, those others. */
  readonly overlapping: ReadonlyMap<string, readonly string[]>;
  /** Each indexed task's claimed outputs (`claimedOutputs`), computed once. */
  readonly outputsOf: ReadonlyMap<TaskId, readonly string[]>;
}

type Claimant = Pick<Task, 'id' | 'outputs' | 'locks'>;

export function buildConflictIndex(tasks: Iterable<Pick<Task, 'id' | 'outputs'>>): ConflictIndex {
  const overlapping = new Map<string, string[]>();
  const outputsOf = new Map<TaskId, string[]>();
  const literals = new Set<string>();
  const globSet = new Set<string>();
  for (const task of tasks) {
    const claimed = claimedOutputs(task);
    outputsOf.set(task.id, claimed);
    for (const pattern of claimed) (isLiteralPath(pattern) ? literals : globSet).add(pattern);
  }
  const link = (a: string, b: string): void => {
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const list = overlapping.get(from);
      if (list) list.push(to);
      else overlapping.set(from, [to]);
    }
  };

  for (const path of literals) {
    for (const ancestor of ancestorsOf(path)) if (literals.has(ancestor)) link(path, ancestor);
  }
  if (globSet.size === 0) return { overlapping, outputsOf };

  const compiled = new Map<string, GlobPair>();
  const pair = (p: string): GlobPair => {
    let found = compiled.get(p);
    if (!found) {
      // Plain paths skip the shared cache: thousands of them would only evict useful globs.
      found = pairOf(p, globSet.has(p) ? cachedGlob : compileGlob);
      compiled.set(p, found);
    }
    return found;
  };
  const prefixOf = (glob: string): string => cachedGlob(glob).staticPrefix;

  // Globs against plain paths: only paths under the glob's static prefix, or on the way to it.
  const sortedLiterals = [...literals].sort();
  for (const glob of globSet) {
    const prefix = prefixOf(glob);
    const candidates = [...ancestorsOf(prefix), prefix].filter((p) => literals.has(p));
    const under = prefix === '' ? '' : `${prefix}/`;
    for (let i = lowerBound(sortedLiterals, under); i < sortedLiterals.length && sortedLiterals[i]!.startsWith(under); i++) {
      candidates.push(sortedLiterals[i]!);
    }
    for (const path of candidates) if (overlapCompiled(pair(glob), pair(path))) link(glob, path);
  }

  // Globs against globs: only pairs whose static prefixes lie on one path (`src` and `src/lib`).
  const byPrefix = new Map<string, string[]>();
  for (const glob of globSet) {
    const group = byPrefix.get(prefixOf(glob));
    if (group) group.push(glob);
    else byPrefix.set(prefixOf(glob), [glob]);
  }
  for (const [prefix, group] of byPrefix) {
    group.forEach((glob, i) => {
      for (const other of group.slice(i + 1)) if (overlapCompiled(pair(glob), pair(other))) link(glob, other);
      for (const ancestor of prefix === '' ? [] : ['', ...ancestorsOf(prefix)]) {
        for (const other of byPrefix.get(ancestor) ?? []) if (overlapCompiled(pair(glob), pair(other))) link(glob, other);
      }
    });
  }
  return { overlapping, outputsOf };
}

/** `a/b/c` -> `a`, `a/b`. */
function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A set of tasks that hold their outputs and locks (running now, or placed in one wave).
 * `conflicts(task)` says whether `task` may not join them. Tasks must be in the index.
 */
export interface Claims {
  conflicts(task: Claimant): boolean;
  add(task: Claimant): void;
  remove(task: Claimant): void;
  readonly size: number;
}

export function createClaims(index: ConflictIndex): Claims {
  const patterns = new Map<string, number>();
  const locks = new Map<string, number>();
  let size = 0;
  const held = (counts: Map<string, number>, key: string): boolean => (counts.get(key) ?? 0) > 0;
  const bump = (counts: Map<string, number>, key: string, by: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + by);
  };
  const outputs = (task: Claimant): readonly string[] => {
    const found = index.outputsOf.get(task.id);
    if (!found) throw new Error(`createClaims: task ${task.id} is not in the conflict index`);
    return found;
  };
  return {
    conflicts(task) {
      if (task.locks.some((lock) => held(locks, lock))) return true;
      return outputs(task).some(
        (pattern) => held(patterns, pattern) || (index.overlapping.get(pattern) ?? []).some((other) => held(patterns, other)),
      );
    },
    add(task) {
      for (const lock of task.locks) bump(locks, lock, 1);
      for (const pattern of outputs(task)) bump(patterns, pattern, 1);
      size++;
    },
    remove(task) {
      for (const lock of task.locks) bump(locks, lock, -1);
      for (const pattern of outputs(task)) bump(patterns, pattern, -1);
      size--;
    },
    get size() {
      return size;
    },
  };
}

/** Every conflicting pair among `tasks`, each as [smaller id, larger id], sorted. For messages and tests. */
export function conflictingPairs(tasks: readonly Pick<Task, 'id' | 'outputs' | 'locks'>[]): [TaskId, TaskId][] {
  const index = buildConflictIndex(tasks);
  const byPattern = groupIds(tasks, (task) => index.outputsOf.get(task.id)!);
  const byLock = groupIds(tasks, (task) => task.locks);
  const pairs = new Map<string, [TaskId, TaskId]>();
  const add = (a: TaskId, b: TaskId): void => {
    if (a === b) return;
    const pair: [TaskId, TaskId] = compareIds(a, b) < 0 ? [a, b] : [b, a];
    pairs.set(pair.join('\0'), pair);
  };
  for (const ids of byLock.values()) for (const a of ids) for (const b of ids) add(a, b);
  for (const [pattern, ids] of byPattern) {
    const others = [pattern, ...(index.overlapping.get(pattern) ?? [])].flatMap((p) => byPattern.get(p)!);
    for (const a of ids) for (const b of others) add(a, b);
  }
  return [...pairs.values()].sort((x, y) => compareIds(x[0], y[0]) || compareIds(x[1], y[1]));
}

function groupIds<T extends { id: TaskId }>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, TaskId[]> {
  const groups = new Map<string, TaskId[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const group = groups.get(key);
      if (group) group.push(item.id);
      else groups.set(key, [item.id]);
    }
  }
  return groups;
}
