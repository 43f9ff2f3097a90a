// What scripts/build.ts records and packages/cli/bin/orchestra.js checks (it repeats `staleBuild` in
// plain JavaScript, because it must run before anything is stripped; test/build.test.ts keeps the two in
// step by what the bin runs).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The packages whose src/ the `orchestra` command runs. */
export const PACKAGES = ['core', 'claude', 'cli'] as const;

/** Relative to the repository root. */
export const MANIFEST = 'packages/cli/dist/manifest.json';

/** npm's record of what is installed (rewritten by every install), relative to the repository root. */
export const INSTALLED = 'node_modules/.package-lock.json';

export interface Manifest {
  /** The Node version that built it. */
  node: string;
  /** The bundle's entry, relative to packages/cli/dist/ (`<build id>/main.js`). */
  entry: string;
  /** Source path (repository-relative, `/`-separated) → its stamp when built. */
  files: Record<string, string>;
}

/** Size and modification time, the same test the plan cache and make use. */
export function sourceStamp(stats: { size: number; mtimeMs: number }): string {
  return `${stats.size}:${stats.mtimeMs}`;
}

/**
 * Why the `orchestra` command in `repo` would run its sources instead of the build (no manifest, another
 * Node, a file changed since, the entry gone), or undefined when it runs the build.
 */
export function staleBuild(repo: string): string | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(repo, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return 'there is no build';
  }
  if (manifest.node !== process.versions.node) return `it was built by Node ${manifest.node}`;
  const changed = Object.entries(manifest.files).filter(([file, stamp]) => {
    const stats = statSync(path.join(repo, file), { throwIfNoEntry: false });
    return !stats || sourceStamp(stats) !== stamp;
  });
  if (changed.length > 0) return `${changed.map(([file]) => file).slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed since the build`;
  if (!statSync(path.join(repo, path.dirname(MANIFEST), manifest.entry), { throwIfNoEntry: false })) return `its entry ${manifest.entry} is gone`;
  return undefined;
}
