// Finds the plan: `--config PATH` when given (a file, or a folder to look in), else the nearest
// orchestra.config.{yaml,yml,json} in the working folder or above it. cosmiconfig only locates the
// file here; parsing is ours, so every value keeps its source position.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Loader } from 'cosmiconfig';
import type { Diagnostic } from './diagnostic.ts';

export const PLAN_FILE_NAMES = ['orchestra.config.yaml', 'orchestra.config.yml', 'orchestra.config.json'] as const;

export interface FindPlanOptions {
  cwd: string;
  /** `--config PATH`, relative to `cwd`. */
  configPath?: string;
  /** Stop searching upwards after this folder (default: the filesystem root). */
  stopDir?: string;
}

export type FindPlanResult = { ok: true; file: string } | { ok: false; diagnostic: Diagnostic };

// Never let cosmiconfig parse (or, for .js/.ts, execute) the file: just report that it is there. Loaded
// only when the plan is not simply orchestra.config.yaml in the working folder (see findPlanFile).
async function explorer() {
  const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
  const found: Loader = () => true;
  const loaders = Object.fromEntries([...Object.keys(defaultLoaders), 'noExt', 'default'].map((key) => [key, found]));
  return cosmiconfig('orchestra', { searchPlaces: [...PLAN_FILE_NAMES], searchStrategy: 'none', ignoreEmptySearchPlaces: false, cache: false, loaders });
}

const isDirectory = async (p: string): Promise<boolean> => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;

const notFound = (message: string): FindPlanResult => ({
  ok: false,
  diagnostic: {
    code: 'config-not-found',
    message,
    hint: `create ${PLAN_FILE_NAMES[0]} (\`orchestra draft "<what to build>"\` can write one), or point to the plan with --config PATH`,
  },
});

export async function findPlanFile({ cwd, configPath, stopDir }: FindPlanOptions): Promise<FindPlanResult> {
  // The common case, and the search's first answer: the first name, in the working folder.
  if (configPath === undefined) {
    const first = path.resolve(cwd, PLAN_FILE_NAMES[0]);
    if ((await stat(first).catch(() => undefined))?.isFile()) return { ok: true, file: first };
  }
  const search = await explorer();
  if (configPath !== undefined) {
    const target = path.resolve(cwd, configPath);
    if (await isDirectory(target)) {
      const result = await search.search(target);
      return result ? { ok: true, file: result.filepath } : notFound(`no ${PLAN_FILE_NAMES.join(', ')} in ${target}`);
    }
    try {
      const result = await search.load(target);
      if (result) return { ok: true, file: result.filepath };
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    return notFound(`the plan file ${target} (from --config) does not exist`);
  }
  const stop = stopDir === undefined ? undefined : path.resolve(stopDir);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const result = await search.search(dir);
    if (result) return { ok: true, file: result.filepath };
    if (dir === stop || path.dirname(dir) === dir) break;
  }
  return notFound(`no ${PLAN_FILE_NAMES.join(', ')} in ${path.resolve(cwd)} or any folder above it`);
}
