// Where the `claude` program is: the plan's `claudePath`, else ORCHESTRA_CLAUDE_PATH, else `claude` on PATH
// (with the workspace's node_modules/.bin first, as `npm run` does, so a pinned devDependency wins).
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { withLocalBins } from '@orchestra/core';

export interface ClaudeLocation {
  /** Absolute path of the executable, when found. */
  path?: string;
  /** Where it came from, for messages: `claudePath in the plan`, `ORCHESTRA_CLAUDE_PATH`, `PATH`. */
  source: string;
  /** What was asked for (a path or a bare name). */
  wanted: string;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function pathOf(env: Readonly<Record<string, string | undefined>>): string {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return (key ? env[key] : undefined) ?? '';
}

/** Finds `name` (a bare program name) on a PATH string. */
export async function whichOnPath(name: string, searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.resolve(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export async function findClaude(input: {
  claudePath?: string;
  /** The folder relative paths in the plan are resolved from. */
  root: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<ClaudeLocation> {
  const [wanted, source] = input.claudePath
    ? [input.claudePath, 'claudePath in the plan']
    : input.env.ORCHESTRA_CLAUDE_PATH
      ? [input.env.ORCHESTRA_CLAUDE_PATH, 'ORCHESTRA_CLAUDE_PATH']
      : ['claude', 'PATH'];
  if (wanted.includes('/') || wanted.includes(path.sep)) {
    const absolute = path.resolve(input.root, wanted);
    return { wanted, source, ...((await isExecutable(absolute)) ? { path: absolute } : {}) };
  }
  const found = await whichOnPath(wanted, pathOf(withLocalBins(input.env, input.root)));
  return { wanted, source, ...(found ? { path: found } : {}) };
}
