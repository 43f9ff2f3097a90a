// The build (scripts/build.ts) and the bin's choice between dist/ and the sources, on a small repository
// in a temp folder laid out like this one, and a check that this checkout's dist/ is what the CLI runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { INSTALLED, MANIFEST, PACKAGES, staleBuild, type Manifest } from '../scripts/build-manifest.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(REPO, 'packages/cli/bin/orchestra.js');

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

/** A repository with the three packages; cli's main says whether it runs as source or as built JS. */
function miniRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'orc-build-'));
  for (const name of PACKAGES) {
    write(root, `packages/${name}/package.json`, JSON.stringify({ name: `@orchestra/${name}`, type: 'module', exports: { '.': './src/index.ts', './run': './src/run-entry.ts' } }));
    // As npm workspaces link them.
    mkdirSync(path.join(root, 'node_modules/@orchestra'), { recursive: true });
    symlinkSync(path.join(root, 'packages', name), path.join(root, 'node_modules/@orchestra', name));
  }
  write(root, 'packages/core/src/index.ts', "export const answer: number = 42;\n");
  write(root, 'packages/core/src/run-entry.ts', "export { answer } from './index.ts';\n");
  write(root, 'packages/core/src/index.test.ts', "throw new Error('tests are not built');\n");
  write(root, 'packages/claude/src/index.ts', "import type { X } from './types.ts';\nexport const claude = (x: X): string => x.name;\n");
  write(root, 'packages/claude/src/types.ts', 'export interface X { name: string }\n');
  write(
    root,
    'packages/cli/src/main.ts',
    [
      "import { answer } from '@orchestra/core/run';",
      "import { claude } from '@orchestra/claude';",
      'export async function main(argv: string[]): Promise<number> {',
      "  const from: string = import.meta.url.endsWith('.ts') ? 'source' : 'dist';",
      "  const { sub } = await import('./commands/sub.ts');",
      "  process.stdout.write(`${from} ${answer} ${claude({ name: 'c' })} ${sub} ${argv.join(',')}\\n`);",
      '  return 0;',
      '}',
    ].join('\n'),
  );
  write(root, 'packages/cli/src/commands/sub.ts', "export const sub: string = 'sub';\n");
  mkdirSync(path.join(root, 'packages/cli/bin'), { recursive: true });
  copyFileSync(BIN, path.join(root, 'packages/cli/bin/orchestra.js'));
  return root;
}

function runBin(root: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [path.join(root, 'packages/cli/bin/orchestra.js'), 'a', 'b'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  expect(r.stderr).toBe('');
  // The bin's plain-JavaScript check and build-manifest.ts's staleBuild must agree.
  if (!env.ORCHESTRA_FROM_SOURCE) expect(r.stdout.startsWith('dist'), String(staleBuild(root))).toBe(staleBuild(root) === undefined);
  return r.stdout.trim();
}

describe('build', () => {
  it('bundles the CLI with the packages it imports (a lazy import in its own file), and the bin runs the result', async () => {
    const root = miniRepo();
    expect(runBin(root)).toBe('source 42 c sub a,b');
    expect(await build(root)).toBe(2); // main.js and the lazily imported command
    const { entry } = JSON.parse(readFileSync(path.join(root, MANIFEST), 'utf8')) as Manifest;
    const main = readFileSync(path.join(root, 'packages/cli/dist', entry), 'utf8');
    expect(main).not.toContain('@orchestra/');
    expect(main).not.toMatch(/: (number|string)\b/); // types stripped
    expect(existsSync(path.join(root, 'packages/core/dist'))).toBe(false);
    expect(runBin(root)).toBe('dist 42 c sub a,b');
    expect(runBin(root, { ORCHESTRA_FROM_SOURCE: '1' })).toBe('source 42 c sub a,b');
  });

  it('falls back to the sources when a source changed, vanished, the install changed, or another Node built it', async () => {
    const root = miniRepo();
    const sub = path.join(root, 'packages/cli/src/commands/sub.ts');
    write(root, INSTALLED, '{"packages":{}}\n');
    await build(root);
    // A dependency installed or upgraded (npm rewrites its record; the bundle holds the old code).
    write(root, INSTALLED, '{"packages":{"node_modules/x":{}}}\n');
    expect(runBin(root)).toBe('source 42 c sub a,b');
    await build(root);
    expect(runBin(root)).toBe('dist 42 c sub a,b');
    // An edit that keeps the size: only the mtime tells.
    writeFileSync(sub, "export const sub: string = 'SUB';\n");
    utimesSync(sub, new Date(), new Date(Date.now() + 5_000));
    expect(runBin(root)).toBe('source 42 c SUB a,b');
    await build(root);
    expect(runBin(root)).toBe('dist 42 c SUB a,b');
    rmSync(path.join(root, 'packages/claude/src/types.ts'));
    expect(runBin(root)).toBe('source 42 c SUB a,b');
    await build(root);
    const manifestFile = path.join(root, MANIFEST);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, node: '0.0.0' }));
    expect(runBin(root)).toBe('source 42 c SUB a,b');
    rmSync(manifestFile);
    expect(runBin(root)).toBe('source 42 c SUB a,b');
  });

  it('keeps the builds it replaced for an hour, for processes started from them', async () => {
    const root = miniRepo();
    const dist = path.join(root, 'packages/cli/dist');
    const entryOf = (): string => (JSON.parse(readFileSync(path.join(root, MANIFEST), 'utf8')) as Manifest).entry;
    await build(root);
    const first = path.dirname(entryOf());
    await build(root);
    const second = path.dirname(entryOf());
    expect(second).not.toBe(first);
    // A process that loaded the first build's main.js still finds its lazily imported files.
    expect(readdirSync(path.join(dist, first)).length).toBe(2);
    expect(runBin(root)).toBe('dist 42 c sub a,b');
    // The hour counts from when a build was replaced, not from when it was written.
    const anHourAgo = new Date(Date.now() - 61 * 60 * 1000);
    utimesSync(path.join(dist, second), anHourAgo, anHourAgo); // written long ago, current until now
    utimesSync(path.join(dist, first), anHourAgo, anHourAgo); // replaced long ago
    await build(root);
    expect(existsSync(path.join(dist, first))).toBe(false);
    expect(existsSync(path.join(dist, second))).toBe(true);
    // A manifest naming a build that is gone: the sources run, not a crash.
    rmSync(path.join(dist, path.dirname(entryOf())), { recursive: true });
    expect(runBin(root)).toBe('source 42 c sub a,b');
  });

  it('this checkout is built (npm ci runs the build) and fresh, so the CLI under test is the shipped JavaScript', () => {
    expect(staleBuild(REPO), 'run `npm run build` after editing packages/*/src').toBeUndefined();
    const manifest = JSON.parse(readFileSync(path.join(REPO, MANIFEST), 'utf8')) as Manifest;
    expect(Object.keys(manifest.files)).toContain('packages/core/src/run/run-plan.ts');
  });
  it('the built CLI finds core\'s files from the bundle: its tasks are started by the native spawner', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'orc-built-'));
    write(root, 'orchestra.config.yaml', [
      'version: 1',
      'name: built',
      'tasks:',
      '  a:',
      '    agent: command',
      // The task's parent is what started it; /proc/<pid>/comm holds the first 15 characters of its name.
      "    run: ['/bin/sh', '-c', 'cat /proc/$PPID/comm > parent.txt']",
      '    outputs: [parent.txt]',
      '',
    ].join('\n'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('ORCHESTRA_')) env[key] = value;
    const r = spawnSync(process.execPath, [BIN, 'run'], { cwd: root, env: { ...env, CI: '1' }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(root, 'parent.txt'), 'utf8').trim()).toBe('orchestra-spawner'.slice(0, 15));
  });
});
