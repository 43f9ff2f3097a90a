// Builds the JavaScript that the `orchestra` command runs: every package's src/**/*.ts (tests excluded)
// with its types stripped by Node's own stripper into dist/, same layout, `.ts` import specifiers turned
// into `.js` and `@orchestra/*` imports into relative paths to the other packages' dist/.
//
// Why: the sources run as they are under Node's type stripping, but stripping at every start costs
// ~0.1 s and ~30 MB (docs/benchmarks.md, "Start-up"). `bin/orchestra.js` uses dist/ only while
// dist/manifest.json still matches every source file (size and mtime), so an edit falls back to the
// sources at once and a stale build is never run. `npm ci` runs this through the root `prepare` script.
//
//   npm run build                       build (scripts/build.mjs checks the Node version, then runs this)
//   npx node scripts/build.ts --clean   remove the dist/ folders
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST, PACKAGES, sourceStamp, type Manifest } from './build-manifest.ts';

/** `@orchestra/<name>[/sub]` → the source file its package.json `exports` names. */
function exportTarget(repo: string, specifier: string): string | undefined {
  const match = /^@orchestra\/([a-z-]+)(\/.+)?$/.exec(specifier);
  if (!match) return undefined;
  const dir = path.join(repo, 'packages', match[1]!);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports?: Record<string, string> };
  const target = pkg.exports?.[`.${match[2] ?? ''}`];
  return target?.endsWith('.ts') ? path.join(dir, target) : undefined;
}

const distOf = (source: string): string => source.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`).replace(/\.ts$/, '.js');

function sourcesOf(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesOf(file));
    else if (entry.name.endsWith('.ts') && !/\.test[.-]/.test(entry.name)) out.push(file);
  }
  return out;
}

/** Rewrites the module specifiers of `import … from`, `export … from`, `import '…'` and `import('…')`. */
function rewriteSpecifiers(repo: string, code: string, file: string): string {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\2/g, (whole, lead: string, quote: string, spec: string) => {
    let target: string | undefined;
    if (spec.startsWith('.') && spec.endsWith('.ts')) target = distOf(path.resolve(path.dirname(file), spec));
    else {
      const source = exportTarget(repo, spec);
      if (source) target = distOf(source);
    }
    if (!target) return whole;
    let relative = path.relative(path.dirname(distOf(file)), target).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `${lead}${quote}${relative}${quote}`;
  });
}

export function clean(repo: string): void {
  for (const name of PACKAGES) rmSync(path.join(repo, 'packages', name, 'dist'), { recursive: true, force: true });
}

/**
 * Builds every package of the repository at `repo`; returns how many files it wrote. Each dist/ is written
 * beside the old one and swapped in by renames, so an orchestra process running from the old dist/ (a
 * test, a run in another terminal) does not find files missing halfway through.
 */
export function build(repo: string): number {
  const manifest: Manifest = { node: process.versions.node, files: {} };
  const next = `dist.next-${process.pid}`;
  let count = 0;
  for (const name of PACKAGES) {
    const pkg = path.join(repo, 'packages', name);
    rmSync(path.join(pkg, next), { recursive: true, force: true });
    for (const file of sourcesOf(path.join(pkg, 'src'))) {
      const code = rewriteSpecifiers(repo, stripTypeScriptTypes(readFileSync(file, 'utf8'), { mode: 'strip' }), file);
      const out = path.join(pkg, next, path.relative(path.join(pkg, 'dist'), distOf(file)));
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, code);
      manifest.files[path.relative(repo, file).split(path.sep).join('/')] = sourceStamp(statSync(file));
      count++;
    }
  }
  // The manifest is written last, into cli's dist, which is swapped last: an interrupted build leaves
  // no manifest that could vouch for files it did not write, so the sources keep being used.
  writeFileSync(path.join(repo, 'packages', 'cli', next, path.relative('packages/cli/dist', MANIFEST)), `${JSON.stringify(manifest)}\n`);
  for (const name of PACKAGES) {
    const pkg = path.join(repo, 'packages', name);
    const old = path.join(pkg, `dist.old-${process.pid}`);
    if (existsSync(path.join(pkg, 'dist'))) renameSync(path.join(pkg, 'dist'), old);
    renameSync(path.join(pkg, next), path.join(pkg, 'dist'));
    rmSync(old, { recursive: true, force: true });
  }
  return count;
}

const entry = process.argv[1] ? pathToFileURL(process.argv[1]).href : '';
if (entry === import.meta.url || entry === new URL('./build.mjs', import.meta.url).href) {
  const repo = fileURLToPath(new URL('..', import.meta.url));
  if (process.argv.includes('--clean')) clean(repo);
  else {
    const started = performance.now();
    const count = build(repo);
    console.log(`orchestra: built ${count} files into packages/{${PACKAGES.join(',')}}/dist in ${Math.round(performance.now() - started)} ms`);
  }
}
