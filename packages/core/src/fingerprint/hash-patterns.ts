// The content hashes of the files a task's globs name: the task's inputs before it runs, its outputs
// after. Plain paths are hashed directly (a missing one is just absent); only globs are expanded.
import picomatch from 'picomatch';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { ContentHash } from './content-hash.ts';
import type { FileHasher } from './file-hasher.ts';

const IGNORED = ['.orchestra/**', '.git/**'];

/** `{ path: hash }` of the existing files matched by `patterns`, keys sorted. */
export function hashPatterns(hasher: FileHasher, patterns: readonly string[]): Record<string, ContentHash> {
  const files = new Set<string>();
  const dynamic: string[] = [];
  const negated: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!') && !pattern.startsWith('!(')) negated.push(pattern.slice(1));
    else if (isDynamicPattern(pattern)) dynamic.push(pattern);
    else files.add(normalize(pattern));
  }
  if (dynamic.length > 0 || negated.length > 0) {
    const globbed = globSync([...dynamic], {
      cwd: hasher.root,
      dot: true,
      onlyFiles: true,
      ignore: [...IGNORED, ...negated],
      expandDirectories: false,
    });
    for (const file of globbed) files.add(file);
  }
  const out: Record<string, ContentHash> = {};
  for (const file of [...files].sort()) {
    const hash = hasher.hash(file);
    if (hash !== undefined) out[file] = hash;
  }
  return out;
}

/** Declared outputs that produced nothing: a plain path that does not exist, a glob matching no file. */
export function missingOutputs(patterns: readonly string[], hashes: Record<string, ContentHash>): string[] {
  const found = Object.keys(hashes);
  const missing: string[] = [];
  for (const pattern of patterns) {
    if (pattern.startsWith('!') && !pattern.startsWith('!(')) continue;
    if (!isDynamicPattern(pattern)) {
      if (hashes[normalize(pattern)] === undefined) missing.push(pattern);
    } else {
      const matches = picomatch(pattern, { dot: true });
      if (!found.some((file) => matches(file))) missing.push(pattern);
    }
  }
  return missing;
}

/** `./a//b` -> `a/b`; plan paths are `/`-separated and relative to the plan's folder. */
function normalize(pattern: string): string {
  return pattern
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}
