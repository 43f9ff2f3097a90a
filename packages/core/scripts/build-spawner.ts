// Builds the native spawner: `npx node packages/core/scripts/build-spawner.ts [outDir]` (part of `npm run
// build`; root `prepare` runs it on `npm ci`). Compiles native/spawner.c with $CC (default `cc`)
// -O2 into native/out/orchestra-spawner and writes the sha256 of the source beside it; the runtime uses
// the binary only while that stamp matches the current spawner.c (native-spawner.ts).
//
// No compiler (or Windows), or a compile error: a notice (with the compiler's output) and exit 0, so an
// install never fails for it; the Node spawner (spawner.ts) is the fallback, and the native spawner's
// tests fail loudly where a binary was expected. An up-to-date binary is not built again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_SPAWNER_NAME, sha256Hex, STAMP_SUFFIX } from '../src/run/native-spawner.ts';

const source = fileURLToPath(new URL('../native/spawner.c', import.meta.url));
const outDir = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../native/out/', import.meta.url)));
const binary = path.join(outDir, NATIVE_SPAWNER_NAME);
const stamp = `${binary}${STAMP_SUFFIX}`;

function notice(text: string): never {
  process.stdout.write(`build-spawner: ${text}; orchestra will use the Node spawner\n`);
  process.exit(0);
}

if (process.platform === 'win32') notice('no native spawner on Windows');
// $CC may carry flags ("gcc -m64"): split on spaces, never run through a shell.
const [cc = 'cc', ...ccFlags] = (process.env.CC ?? 'cc').trim().split(/\s+/);
const probe = spawnSync(cc, [...ccFlags, '--version'], { stdio: 'ignore' });
if (probe.error) notice(`no C compiler found (${cc}: ${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`);

const code = readFileSync(source);
const upToDate = existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sha256Hex(code);
if (upToDate) {
  process.stdout.write(`build-spawner: ${binary} is up to date\n`);
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
// No stamp while the binary changes: a half-built state is never taken for a fresh one.
rmSync(stamp, { force: true });
const temp = `${binary}.tmp-${process.pid}`;
const compiled = spawnSync(cc, [...ccFlags, '-O2', '-std=c99', '-Wall', '-o', temp, source], { encoding: 'utf8' });
if (compiled.status !== 0) {
  rmSync(temp, { force: true });
  process.stderr.write(`build-spawner: ${cc} failed to compile ${source}:\n${compiled.stderr}${compiled.error?.message ?? ''}\n`);
  notice('the native spawner did not compile (please report it)');
}
renameSync(temp, binary);
writeFileSync(stamp, `${sha256Hex(code)}\n`);
process.stdout.write(`build-spawner: built ${binary}\n`);
