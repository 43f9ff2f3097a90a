// The content hashes of the files a task's patterns name (see path-patterns.ts): the task's inputs
// before it runs, its outputs after. A plain path is looked at directly: a file is hashed, a folder
// means everything inside it, a missing path is just absent. Only globs and folders are crawled.
import { escapePath, globSync } from 'tinyglobby';
import { isNegated } from '../plan/normalize-pattern.ts';
import type { ContentHash } from './content-hash.ts';
import type { FileHasher } from './file-hasher.ts';
import { compilePatterns, IGNORED_DIRS, isIgnored } from './path-patterns.ts';

export interface HashedFiles {
  /** `{ path: hash }` of the readable files named, keys sorted. */
  hashes: Record<string, ContentHash>;
  /** Files named that exist but could not be read, with why: never to be taken as absent. */
  unreadable: Record<string, string>;
}

export function hashPatterns(hasher: FileHasher, patterns: readonly string[]): HashedFiles {
  const hashes = Object.create(null) as Record<string, ContentHash>;
  const unreadable = Object.create(null) as Record<string, string>;
  if (patterns.length === 0) return { hashes, unreadable };
  const compiled = compilePatterns(patterns);
  const excluded = (file: string): boolean => isIgnored(file) || compiled.negated.some((n) => n.matches(file));
  const found = new Set<string>();
  const crawl: string[] = [];
  const add = (file: string, read = hasher.read(file)): void => {
    if (read.kind === 'file') hashes[file] = read.hash;
    else if (read.kind === 'unreadable') unreadable[file] = read.error;
  };
  for (const p of compiled.positive) {
    if (!p.literal) {
      crawl.push(p.pattern, `${p.pattern}/**`);
      continue;
    }
    if (excluded(p.pattern)) continue;
    const read = hasher.read(p.pattern);
    if (read.kind === 'directory') crawl.push(p.pattern === '.' ? '**' : `${escapePath(p.pattern)}/**`);
    else if (read.kind !== 'missing') {
      found.add(p.pattern);
      add(p.pattern, read);
    }
  }
  if (crawl.length > 0) {
    const ignore = [...IGNORED_DIRS.map((dir) => `${dir}/**`), ...patterns.filter(isNegated).flatMap((n) => [n.slice(1), `${n.slice(1)}/**`])];
    for (const file of globSync(crawl, { cwd: hasher.root, dot: true, onlyFiles: true, ignore, expandDirectories: false })) {
      if (found.has(file) || excluded(file)) continue;
      found.add(file);
      add(file);
    }
  }
  return { hashes: sortKeys(hashes), unreadable: sortKeys(unreadable) };
}

/**
 * The patterns that name no file in `files`: a plain path with no file at or under it, a glob matching no
 * file. Declared outputs a task did not produce; inputs that name nothing (a typo, most likely).
 */
export function unmatchedPatterns(patterns: readonly string[], files: HashedFiles): string[] {
  const named = [...Object.keys(files.hashes), ...Object.keys(files.unreadable)];
  return compilePatterns(patterns)
    .positive.filter((p) => !named.some((file) => p.matches(file)))
    .map((p) => p.pattern);
}

/** Keys sorted, in an object without a prototype (a file may be called `__proto__`). */
function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
