// What a task's `inputs` or `outputs` name: ONE reading, for hashing inputs and outputs, checking that
// outputs were written, and telling declared writes from undeclared ones.
//
//   - a pattern names the files it matches and every file inside a folder it matches, as in
//     .gitignore: `dist` (a folder) means `dist/**`, `gen/*` takes the files of gen's subfolders too;
//   - `!pattern` takes files out, by the same rule;
//   - orchestra's own folder and .git are never named.
// A pattern without glob syntax is a plain path, matched literally (and hashed without a crawl).
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';
import { isNegated } from '../plan/normalize-pattern.ts';

/** Never part of a task's files. */
export const IGNORED_DIRS = ['.orchestra', '.git'] as const;

export interface CompiledPattern {
  pattern: string;
  /** A plain path (no glob syntax). */
  literal: boolean;
  /** Whether a workspace-relative file is this pattern's file or inside a folder it names. */
  matches(file: string): boolean;
}

export interface CompiledPatterns {
  positive: CompiledPattern[];
  negated: CompiledPattern[];
  /** Whether a file is named: by a positive pattern, by no negated one, and not in an ignored folder. */
  covers(file: string): boolean;
}

export function compilePattern(pattern: string): CompiledPattern {
  if (!isDynamicPattern(pattern)) {
    if (pattern === '.') return { pattern, literal: true, matches: () => true };
    const prefix = `${pattern}/`;
    return { pattern, literal: true, matches: (file) => file === pattern || file.startsWith(prefix) };
  }
  const matcher = picomatch([pattern, `${pattern}/**`], { dot: true });
  return { pattern, literal: false, matches: (file) => matcher(file) };
}

export function compilePatterns(patterns: readonly string[]): CompiledPatterns {
  const positive: CompiledPattern[] = [];
  const negated: CompiledPattern[] = [];
  for (const pattern of patterns) {
    if (isNegated(pattern)) negated.push(compilePattern(pattern.slice(1)));
    else positive.push(compilePattern(pattern));
  }
  const covers = (file: string): boolean =>
    positive.some((p) => p.matches(file)) && !negated.some((p) => p.matches(file)) && !isIgnored(file);
  return { positive, negated, covers };
}

export function isIgnored(file: string): boolean {
  return IGNORED_DIRS.some((dir) => file === dir || file.startsWith(`${dir}/`));
}
