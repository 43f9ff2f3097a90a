// Builds the JavaScript that the `orchestra` command runs: one bundle of the CLI (packages/cli/src/main.ts
// with core, claude and their dependencies), split where the CLI loads code lazily, and the Node spawner
// helper (core's run/spawner.ts, a process of its own), written by rolldown into packages/cli/dist/<id>/.
//
// Why: the sources run as they are under Node's type stripping, but stripping at every start costs
// ~0.1 s, and loading ~250 modules one by one (zod alone is 95) another ~50 ms (docs/benchmarks.md,
// "Start-up"). `bin/orchestra.js` uses dist/ only while dist/manifest.json still matches every source
// file (size and mtime), so an edit falls back to the sources at once and a stale build is never run.
// `npm ci` runs this through the root `prepare` script.
//
// The bundle lives in packages/cli/dist/<id>/, not where core's sources are: the few places that find files
// relative to their own module (core's native spawner, the lazily required `yaml`) ask core-dir.ts, which
// the bundle's `define` tells where packages/core is; the plan cache's loader stamp is the build's id.
//
//   npm run build                       build (scripts/build.mjs checks the Node version, then runs this)
//   npx node scripts/build.ts --clean   remove the dist/ folders
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';
import { INSTALLED, MANIFEST, PACKAGES, sourceStamp, type Manifest } from './build-manifest.ts';

function sourcesOf(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesOf(file));
    else if (entry.name.endsWith('.ts') && !/\.test[.-]/.test(entry.name)) out.push(file);
  }
  return out;
}

export function clean(repo: string): void {
  for (const name of PACKAGES) rmSync(path.join(repo, 'packages', name, 'dist'), { recursive: true, force: true });
}

/** The build folder the manifest names now, if any. */
function currentBuild(repo: string): string | undefined {
  try {
    const { entry } = JSON.parse(readFileSync(path.join(repo, MANIFEST), 'utf8')) as Partial<Manifest>;
    return typeof entry === 'string' ? entry.split('/')[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Files outside the packages' src/ folders that the sources import, relative to the repository. */
const BUNDLED_DATA = ['packages/core/orchestra.schema.json'];

/** How long a replaced build stays for orchestra processes that started from it. */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;

/**
 * Builds the bundle of the repository at `repo` into packages/cli/dist/<build id>/; returns how many files
 * it wrote. dist/manifest.json, written last (by a rename), names the build the `orchestra` command runs.
 * Earlier builds stay for an hour: an orchestra process started from one (a test, a run in another
 * terminal) still finds the files its lazy imports name, as they were.
 */
export async function build(repo: string): Promise<number> {
  const manifest: Manifest = { node: process.versions.node, entry: '', files: {} };
  for (const name of PACKAGES) {
    const src = path.join(repo, 'packages', name, 'src');
    if (!existsSync(src)) continue;
    for (const file of sourcesOf(src)) manifest.files[path.relative(repo, file).split(path.sep).join('/')] = sourceStamp(statSync(file));
  }
  // Data the sources import (the plan's JSON Schema, for the fast plan check) is in the bundle too.
  for (const file of BUNDLED_DATA) {
    if (existsSync(path.join(repo, file))) manifest.files[file] = sourceStamp(statSync(path.join(repo, file)));
  }
  // The bundle holds the dependencies too: npm rewrites this file on every install, `npm install pkg -w x`
  // (which runs no `prepare`) included, so a changed dependency makes the bundle stale as a changed source does.
  const installed = path.join(repo, INSTALLED);
  if (existsSync(installed)) manifest.files[INSTALLED] = sourceStamp(statSync(installed));
  const dist = path.join(repo, 'packages', 'cli', 'dist');
  const buildId = createHash('sha256').update(JSON.stringify([manifest, Date.now(), process.pid])).digest('hex').slice(0, 12);
  const out = path.join(dist, buildId);
  const input: Record<string, string> = { main: path.join(repo, 'packages', 'cli', 'src', 'main.ts') };
  const spawner = path.join(repo, 'packages', 'core', 'src', 'run', 'spawner.ts');
  if (existsSync(spawner)) input.spawner = spawner;
  const bundle = await rolldown({
    input,
    platform: 'node',
    cwd: repo,
    logLevel: 'warn',
    transform: {
      define: {
        // From any file of the bundle (all in `out`) to packages/core/.
        __ORCHESTRA_CORE_DIR__: JSON.stringify(`${path.relative(out, path.join(repo, 'packages', 'core')).split(path.sep).join('/')}/`),
        __ORCHESTRA_BUILD_ID__: JSON.stringify(buildId),
      },
    },
  });
  const { output } = await bundle.write({ dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  // The manifest last, by a rename: an interrupted build leaves none that could vouch for files it did
  // not write, so the sources keep being used.
  manifest.entry = `${buildId}/main.js`;
  const replaced = currentBuild(repo);
  const temp = path.join(dist, `manifest.json.${process.pid}.tmp`);
  writeFileSync(temp, `${JSON.stringify(manifest)}\n`);
  renameSync(temp, path.join(repo, MANIFEST));
  // The build just replaced counts its hour from now (a folder's mtime is when it was last replaced).
  if (replaced) {
    try {
      const now = new Date();
      utimesSync(path.join(dist, replaced), now, now);
    } catch {
      // gone already
    }
  }
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === buildId) continue;
    const old = path.join(dist, entry.name);
    const stats = statSync(old, { throwIfNoEntry: false }); // another build may be removing it
    if (stats && Date.now() - stats.mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(old, { recursive: true, force: true });
  }
  // Earlier builds wrote a dist/ per package: gone, so nothing can load them by mistake.
  for (const name of PACKAGES) if (name !== 'cli') rmSync(path.join(repo, 'packages', name, 'dist'), { recursive: true, force: true });
  return output.length;
}

const entry = process.argv[1] ? pathToFileURL(process.argv[1]).href : '';
if (entry === import.meta.url || entry === new URL('./build.mjs', import.meta.url).href) {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  if (process.argv.includes('--clean')) clean(repo);
  else {
    const started = performance.now();
    const count = await build(repo);
    console.log(`orchestra: bundled into ${count} files in packages/cli/dist in ${Math.round(performance.now() - started)} ms`);
  }
}
