// Builds the JavaScript that the `orchestra` command runs: one bundle of the CLI (packages/cli/src/main.ts
// with core, claude and their dependencies), split where the CLI loads code lazily, and the Node spawner
// helper (core's run/spawner.ts, a process of its own), written by rolldown into packages/cli/dist/.
//
// Why: the sources run as they are under Node's type stripping, but stripping at every start costs
// ~0.1 s, and loading ~250 modules one by one (zod alone is 95) another ~50 ms (docs/benchmarks.md,
// "Start-up"). `bin/orchestra.js` uses dist/ only while dist/manifest.json still matches every source
// file (size and mtime), so an edit falls back to the sources at once and a stale build is never run.
// `npm ci` runs this through the root `prepare` script.
//
// The bundle lives in packages/cli/dist/, not where core's sources are: the few places that find files
// relative to their own module (core's native spawner, the lazily required `yaml`) ask core-dir.ts, which
// the bundle's `define` tells where packages/core is; the plan cache's loader stamp is the build's id.
//
//   npm run build                       build (scripts/build.mjs checks the Node version, then runs this)
//   npx node scripts/build.ts --clean   remove the dist/ folders
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';
import { MANIFEST, PACKAGES, sourceStamp, type Manifest } from './build-manifest.ts';

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

/**
 * Builds the bundle of the repository at `repo`; returns how many files it wrote. It is written beside
 * the old dist/ and swapped in by renames, so an orchestra process running from the old one (a test, a
 * run in another terminal) does not find files missing halfway through.
 */
export async function build(repo: string): Promise<number> {
  const manifest: Manifest = { node: process.versions.node, files: {} };
  for (const name of PACKAGES) {
    const src = path.join(repo, 'packages', name, 'src');
    if (!existsSync(src)) continue;
    for (const file of sourcesOf(src)) manifest.files[path.relative(repo, file).split(path.sep).join('/')] = sourceStamp(statSync(file));
  }
  const cli = path.join(repo, 'packages', 'cli');
  const next = path.join(cli, `dist.next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const input: Record<string, string> = { main: path.join(cli, 'src', 'main.ts') };
  const spawner = path.join(repo, 'packages', 'core', 'src', 'run', 'spawner.ts');
  if (existsSync(spawner)) input.spawner = spawner;
  const buildId = createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 16);
  const bundle = await rolldown({
    input,
    platform: 'node',
    cwd: repo,
    logLevel: 'warn',
    transform: {
      define: {
        // From any file of the bundle (all in packages/cli/dist/) to packages/core/.
        __ORCHESTRA_CORE_DIR__: JSON.stringify('../../core/'),
        __ORCHESTRA_BUILD_ID__: JSON.stringify(buildId),
      },
    },
  });
  const { output } = await bundle.write({ dir: next, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  // The manifest is written last: an interrupted build leaves no manifest that could vouch for files it
  // did not write, so the sources keep being used.
  writeFileSync(path.join(next, path.relative('packages/cli/dist', MANIFEST)), `${JSON.stringify(manifest)}\n`);
  const old = path.join(cli, `dist.old-${process.pid}`);
  if (existsSync(path.join(cli, 'dist'))) renameSync(path.join(cli, 'dist'), old);
  renameSync(next, path.join(cli, 'dist'));
  rmSync(old, { recursive: true, force: true });
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
