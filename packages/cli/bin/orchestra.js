#!/usr/bin/env node
// The `orchestra` command. Sources are TypeScript run by Node's type stripping (Node >= 22.18). Check the
// Node version first, with a message instead of a syntax error.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `orchestra needs Node 22.18 or newer; this is Node ${process.versions.node}.\n` +
      `  In this repository, run it through npm so the pinned Node 22 comes first: npx orchestra ...\n`,
  );
  process.exit(2);
}
// V8's compiled code for orchestra's modules, kept on disk (in the system's temp folder, or where
// NODE_COMPILE_CACHE says) and checked against each module's source: ~30 ms less at every start.
process.getBuiltinModule('node:module').enableCompileCache?.();
const built = freshBuild();
const { main } = await import(built ? `../dist/${built}` : '../src/main.ts');
process.exitCode = await main(process.argv.slice(2));

/**
 * The bundle's entry (relative to dist/) when `npm run build` (scripts/build.ts) left one for exactly the
 * sources and dependencies on disk: every file it recorded still has the size and mtime it had. Else
 * undefined, and the sources run (an edited, added or removed file; a changed install; another Node).
 * ORCHESTRA_FROM_SOURCE=1 forces the sources. Mirrors scripts/build-manifest.ts (a test keeps them in step).
 */
function freshBuild() {
  if (process.env.ORCHESTRA_FROM_SOURCE === '1') return undefined;
  const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
  const repo = new URL('../../../', import.meta.url);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('packages/cli/dist/manifest.json', repo), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.node !== process.versions.node || typeof manifest.entry !== 'string') return undefined;
  if (!statSync(new URL(`packages/cli/dist/${manifest.entry}`, repo), { throwIfNoEntry: false })) return undefined;
  for (const [file, stamp] of Object.entries(manifest.files)) {
    const stats = statSync(new URL(file, repo), { throwIfNoEntry: false });
    if (!stats || `${stats.size}:${stats.mtimeMs}` !== stamp) return undefined;
  }
  return manifest.entry;
}
