// Temp Nx workspaces for end-to-end tests: real files, this repository's node_modules (symlinked), the
// real `nx` with Node 22 first on PATH, offline and without daemon, TUI or prompts.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'node_modules', '.bin');

export interface NxResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, colours stripped. */
  output: string;
}

export interface Workspace {
  root: string;
  write(file: string, text: string): void;
  nx(args: string[], env?: Record<string, string | undefined>): Promise<NxResult>;
  /** A second workspace with the same files but no .nx cache, no .orchestra state and no outputs listed. */
  copy(omit?: string[]): Workspace;
  remove(): void;
}

export function nxJson(pluginOptions: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      analytics: false,
      neverConnectToCloud: true,
      useDaemonProcess: false,
      tui: { enabled: false },
      plugins: [{ plugin: '@orchestra/nx', options: pluginOptions }],
    },
    null,
    2,
  )}\n`;
}

/** PATH with Node 22 (and nx) first; `extraPath` (e.g. a fake claude's folder) before it. */
export function testEnv(extraPath: string[] = [], env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  // Nothing of a developer's own setup may leak into the workspace under test.
  for (const name of Object.keys(clean)) {
    if (name.startsWith('NX_') || name.startsWith('ANTHROPIC_') || name.startsWith('ORCHESTRA_')) delete clean[name];
  }
  return {
    ...clean,
    PATH: [...extraPath, BIN, process.env.PATH ?? ''].join(':'),
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_SKIP_NX_CACHE: undefined,
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...env,
  };
}

function open(root: string, baseEnv: () => NodeJS.ProcessEnv): Workspace {
  const workspace: Workspace = {
    root,
    write(file, text) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    },
    nx(args, env = {}) {
      return new Promise((done) => {
        execFile(
          join(BIN, 'nx'),
          args,
          { cwd: root, env: { ...baseEnv(), ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            done({ code, stdout, stderr, output: stripVTControlCharacters(`${stdout}\n${stderr}`) });
          },
        );
      });
    },
    copy(omit = []) {
      const target = mkdtempSync(join(tmpdir(), 'orchestra-nx-e2e-'));
      const skip = new Set(['node_modules', '.nx', '.orchestra', ...omit].map((p) => join(root, p)));
      cpSync(root, target, { recursive: true, filter: (source) => !skip.has(source) });
      symlinkSync(join(REPO, 'node_modules'), join(target, 'node_modules'), 'dir');
      return open(target, baseEnv);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return workspace;
}

/** A fresh workspace with `files` (paths relative to its root), `nx.json` registering the plugin unless given. */
export function createWorkspace(files: Record<string, string>, env: () => NodeJS.ProcessEnv = () => testEnv()): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'orchestra-nx-e2e-'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const workspace = open(root, env);
  workspace.write('package.json', `${JSON.stringify({ name: 'e2e-workspace', private: true, type: 'module' }, null, 2)}\n`);
  if (!('nx.json' in files)) workspace.write('nx.json', nxJson());
  for (const [file, text] of Object.entries(files)) workspace.write(file, text);
  return workspace;
}
