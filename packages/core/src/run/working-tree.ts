// A cheap picture of the files under the plan's folder (size, mtime, inode; no contents), to find
// files a task wrote without declaring them. Skips orchestra's own folder, node_modules and .git.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { compilePatterns } from '../fingerprint/path-patterns.ts';

export type TreeSnapshot = Map<string, string>;

const SKIPPED = new Set(['.orchestra', 'node_modules', '.git']);

export function snapshotTree(root: string): TreeSnapshot {
  const out: TreeSnapshot = new Map();
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIPPED.has(entry.name)) continue;
      const abs = path.join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(abs, relPath);
      else if (entry.isFile()) {
        try {
          const st = statSync(abs);
          out.set(relPath, `${st.size}:${st.mtimeMs}:${st.ino}`);
        } catch {
          // deleted meanwhile
        }
      }
    }
  };
  walk(root, '');
  return out;
}

/** Files added, changed or deleted between two snapshots, sorted. */
export function changedFiles(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const out: string[] = [];
  for (const [file, stamp] of after) if (before.get(file) !== stamp) out.push(file);
  for (const file of before.keys()) if (!after.has(file)) out.push(file);
  return out.sort();
}

/** Whether a file is covered by output patterns (the one reading of patterns: see path-patterns.ts). */
export function outputMatcher(patterns: readonly string[]): (file: string) => boolean {
  return compilePatterns(patterns).covers;
}
