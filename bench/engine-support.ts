// Shared pieces of the engine benchmarks: random DAGs, plan files, timing, child processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomDag } from '../packages/core/src/graph/random-dag.ts';
import { staleBuild } from '../scripts/build-manifest.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(REPO, 'packages/cli/bin/orchestra.js');
export const NODE = process.execPath;

/**
 * Throws unless the CLI will run its build (`npm run build` after the last edit): a stale build makes the
 * bin run the TypeScript sources, and every figure would then measure those instead, silently.
 */
export function requireFreshBuild(): void {
  const why = staleBuild(REPO);
  if (why) throw new Error(`the CLI would run its TypeScript sources (${why}): run \`npm run build\` first, or the figures measure those`);
}

export interface DagTask {
  id: string;
  dependsOn: string[];
}

export function dag(seed: number, tasks: number, edgesPerTask = 1.5): DagTask[] {
  return randomDag(seed, { tasks, edges: Math.round(tasks * edgesPerTask), window: 50 }).map((t) => ({
    id: t.id,
    dependsOn: [...(t.dependsOn ?? [])].sort(),
  }));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** orchestra.config.yaml with one command task per node; `extra(id)` adds YAML lines to a task. */
export function writeOrchestraPlan(root: string, tasks: DagTask[], run: (id: string) => string[], header: string[] = [], extra?: (id: string) => string[]): void {
  const lines = ['version: 1', 'name: bench', 'defaults:', '  agent: command', ...header, 'tasks:'];
  for (const t of tasks) {
    lines.push(`  ${t.id}:`, `    run: ${JSON.stringify(run(t.id))}`);
    if (t.dependsOn.length > 0) lines.push(`    dependsOn: [${t.dependsOn.join(', ')}]`);
    if (extra) lines.push(...extra(t.id).map((l) => `    ${l}`));
  }
  writeFileSync(path.join(root, 'orchestra.config.yaml'), `${lines.join('\n')}\n`);
}

export function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { ms: number; code: number | null; stderr: string } {
  const start = performance.now();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', process.env.BENCH_SHOW ? 'inherit' : 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - start, code: r.status, stderr: r.stderr };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmt = (ms: number): string => (ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/**
 * List scheduling with no overhead: whenever a slot is free, the ready task with the highest `priority`
 * (ties by id) starts. Returns the makespan, in the unit of `ms`.
 */
export function listSchedule(tasks: readonly DagTask[], ms: ReadonlyMap<string, number>, concurrency: number, priority: (id: string) => number): number {
  const dependents = new Map<string, string[]>();
  for (const t of tasks) for (const d of t.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  const left = new Map(tasks.map((t) => [t.id, t.dependsOn.length]));
  const ready = tasks.filter((t) => t.dependsOn.length === 0).map((t) => t.id);
  let running: { id: string; end: number }[] = [];
  let now = 0;
  while (ready.length > 0 || running.length > 0) {
    ready.sort((a, b) => priority(b) - priority(a) || (a < b ? -1 : 1));
    while (running.length < concurrency && ready.length > 0) {
      const id = ready.shift()!;
      running.push({ id, end: now + ms.get(id)! });
    }
    running.sort((a, b) => a.end - b.end);
    const done = running[0]!;
    running = running.slice(1);
    now = done.end;
    for (const next of dependents.get(done.id) ?? []) {
      const l = left.get(next)! - 1;
      left.set(next, l);
      if (l === 0) ready.push(next);
    }
  }
  return now;
}
