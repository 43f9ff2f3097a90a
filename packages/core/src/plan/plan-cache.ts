// A compiled-plan cache for `orchestra run`: the validated, normalized plan as JSON in
// .orchestra/plan-cache.json, keyed by the sha256 of the plan file's bytes, its absolute path, the
// agents the plan may name and the loader itself (the size and mtime of every source file of
// plan/ and plan/rules/, and a format number). When the key matches, parsing, the zod schema and
// the rules are skipped; any byte change of the plan file (or of the loader) means a full load.
// Only valid plans are cached; their warnings (with their positions) are kept with them and given back
// on every hit, so a hit never hides a message and a plan with a warning does not lose the cache. The cache is advisory: unreadable, corrupt or foreign → full load; failing to write it →
// nothing (it is written through a temp file and a rename, so a reader never sees half of it).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashBytes } from '../fingerprint/content-hash.ts';
import { definitionDigestsOf, primeDefinitionDigests } from '../fingerprint/fingerprint.ts';
import { findPlanFile } from './find-plan-file.ts';
import type { LoadPlanOptions } from './load-plan.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { LoadResult } from './load-result.ts';
import { BUILTIN_AGENTS, type Plan, type Task, type TaskId } from './model.ts';

/** Bump when the cached JSON's shape changes. */
const FORMAT = 2;
export const PLAN_CACHE_FILE = 'plan-cache.json';

let loaderStampMemo: string | undefined;
declare const __ORCHESTRA_BUILD_ID__: string | undefined;

/**
 * The loader's own sources (plan/, plan/rules/), the JSON Schema its fast path checks against, and the
 * fingerprint code whose definition digests the cache keeps (fingerprint/, content-hash included): a
 * change to any of them invalidates every cache.
 */
function loaderStamp(): string {
  if (loaderStampMemo !== undefined) return loaderStampMemo;
  // Bundled (scripts/build.ts): the build's id, a hash of every source's stamp.
  if (typeof __ORCHESTRA_BUILD_ID__ === 'string') return (loaderStampMemo = `build ${__ORCHESTRA_BUILD_ID__}`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts: string[] = [];
  for (const dir of [here, path.join(here, 'rules'), path.join(here, '..', 'fingerprint')]) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith('.test.ts')) continue;
      try {
        const s = statSync(path.join(dir, name));
        parts.push(`${name}:${s.size}:${s.mtimeMs}`);
      } catch {
        parts.push(`${name}:?`);
      }
    }
  }
  // The JSON Schema the fast path checks plans against (fast-load.ts).
  try {
    const s = statSync(path.join(here, '..', '..', 'orchestra.schema.json'));
    parts.push(`orchestra.schema.json:${s.size}:${s.mtimeMs}`);
  } catch {
    parts.push('orchestra.schema.json:?');
  }
  loaderStampMemo = parts.join('|');
  return loaderStampMemo;
}

function cacheKey(file: string, bytes: Uint8Array, knownAgents: Iterable<string> | undefined): string {
  const agents = [...new Set(knownAgents ?? BUILTIN_AGENTS)].sort();
  const hash = hashBytes(bytes);
  return hashBytes(JSON.stringify([FORMAT, file, agents, loaderStamp(), hash]));
}

interface CachedPlan {
  key: string;
  plan: Omit<Plan, 'tasks'> & { tasks: Task[] };
  /** Each task's definition digest (fingerprint.ts), in the order of `plan.tasks`. */
  digests?: ReturnType<typeof definitionDigestsOf>;
  /** The plan's warnings, said again on every hit. */
  warnings: Diagnostic[];
}

function readCache(cacheFile: string, key: string): { plan: Plan; warnings: Diagnostic[] } | undefined {
  let cached: CachedPlan;
  try {
    cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedPlan;
  } catch {
    return undefined;
  }
  if (!cached || typeof cached !== 'object' || cached.key !== key || !cached.plan || !Array.isArray(cached.plan.tasks) || !Array.isArray(cached.warnings)) return undefined;
  const tasks = new Map<TaskId, Task>();
  for (const task of cached.plan.tasks) tasks.set(task.id, task);
  if (Array.isArray(cached.digests)) primeDefinitionDigests(cached.plan.tasks, cached.digests);
  return { plan: { ...cached.plan, tasks }, warnings: cached.warnings };
}

function writeCache(cacheFile: string, key: string, plan: Plan, warnings: readonly Diagnostic[]): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tasks = [...plan.tasks.values()];
    writeFileSync(tmp, JSON.stringify({ key, plan: { ...plan, tasks }, digests: definitionDigestsOf(tasks), warnings }));
    renameSync(tmp, cacheFile);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
  }
}

/**
 * `loadPlan` through the compiled-plan cache in `<plan folder>/.orchestra/plan-cache.json`.
 * `write: false` reads the cache but never writes it (a dry run changes nothing); `write: 'soon'` writes
 * it on a later turn of the event loop, once the caller has gone on (a run: after its first tasks
 * started, as the caller's next steps do not wait for I/O), so the ~10 ms it takes for a 1,000-task plan
 * (its definition digests, the JSON) are not spent before anything runs.
 */
export async function loadPlanCached(options: LoadPlanOptions & { write?: boolean | 'soon' }): Promise<LoadResult> {
  const found = await findPlanFile(options);
  if (!found.ok) return { ok: false, diagnostics: [found.diagnostic] };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(found.file);
  } catch {
    // The full loader words the error.
    const { loadPlan } = await import('./load-plan.ts');
    return loadPlan({ ...options, configPath: found.file });
  }
  const key = cacheKey(found.file, bytes, options.knownAgents);
  const cacheFile = path.join(path.dirname(found.file), '.orchestra', PLAN_CACHE_FILE);
  const hit = readCache(cacheFile, key);
  if (hit) return { ok: true, plan: hit.plan, diagnostics: hit.warnings };
  const { loadPlanText } = await import('./load-plan.ts');
  const result = await loadPlanText(bytes, found.file, options);
  if (result.ok && options.write !== false) {
    const { plan, diagnostics } = result;
    if (options.write === 'soon') setTimeout(() => writeCache(cacheFile, key, plan, diagnostics), 0);
    else writeCache(cacheFile, key, plan, diagnostics);
  }
  return result;
}
