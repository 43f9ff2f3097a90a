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
const { main } = await import(builtIsFresh() ? '../dist/main.js' : '../src/main.ts');
process.exitCode = await main(process.argv.slice(2));

/**
 * True when `npm run build` (scripts/build.ts) left dist/ for exactly the sources on disk: every source
 * it stripped still has the size and mtime it had. Stripping at start costs ~0.1 s; an edited, added or
 * removed file makes this false, and the sources run instead. ORCHESTRA_FROM_SOURCE=1 forces the sources.
 * Mirrors scripts/build-manifest.ts (a test keeps them in step).
 */
function builtIsFresh() {
  if (process.env.ORCHESTRA_FROM_SOURCE === '1') return false;
  const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
  const repo = new URL('../../../', import.meta.url);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('packages/cli/dist/manifest.json', repo), 'utf8'));
  } catch {
    return false;
  }
  if (manifest.node !== process.versions.node) return false;
  for (const [file, stamp] of Object.entries(manifest.files)) {
    const stats = statSync(new URL(file, repo), { throwIfNoEntry: false });
    if (!stats || `${stats.size}:${stats.mtimeMs}` !== stamp) return false;
  }
  return true;
}
