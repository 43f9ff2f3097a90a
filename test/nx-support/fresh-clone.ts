// A fresh clone of this repository in a temp folder, as a newcomer gets it, with an installed node_modules
// that costs nothing: links to this checkout's packages, except the workspace's own (@orchestra/*), which
// point into the clone so that the clone's code is what runs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './nx-workspace.ts';

const WORKSPACE_LINKS: Record<string, string> = {
  claude: 'packages/claude',
  cli: 'packages/cli',
  core: 'packages/core',
  nx: 'plugins/nx',
};

function cloned(root: string): boolean {
  if (!existsSync(join(REPO, '.git'))) return false;
  try {
    execFileSync('git', ['clone', '--quiet', REPO, root], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freshClone(): string {
  const root = mkdtempSync(join(tmpdir(), 'orchestra-clone-'));
  if (!cloned(root)) {
    // Not a git checkout (or one git cannot clone, e.g. an old git and a shallow CI checkout): the files.
    cpSync(REPO, root, { recursive: true, filter: (source) => !/[\\/](node_modules|\.git|\.nx|\.orchestra|recipe-converter)$/.test(source) });
  }
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@orchestra'), { recursive: true });
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '@orchestra' || entry === '.package-lock.json') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  for (const [name, folder] of Object.entries(WORKSPACE_LINKS)) {
    symlinkSync(join(root, folder), join(modules, '@orchestra', name), 'dir');
  }
  return root;
}
