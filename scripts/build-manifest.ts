// What scripts/build.ts records and packages/cli/bin/orchestra.js checks (it repeats these few lines in
// plain JavaScript, because it must run before anything is stripped; a test keeps the two in step).

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
