// 1,000 no-op command tasks on a random DAG at concurrency 8: orchestra vs `make -j8` vs Nx, the same
// `true` command in each, wall time of the whole command (start-up included), median of N runs.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findNativeSpawner } from '../packages/core/src/run/native-spawner.ts';
import { CLI, dag, fmt, median, NODE, REPO, requireFreshBuild, tempDir, timed, writeOrchestraPlan, type DagTask } from './engine-support.ts';

const TASKS = 1_000;
const CONCURRENCY = 8;

/** A Makefile with one phony target per task, `@true` each, and `all` depending on every task. */
export function makefile(root: string, tasks: DagTask[]): void {
  const lines = [`all: ${tasks.map((t) => t.id).join(' ')}`, '.PHONY: all', ''];
  for (const t of tasks) lines.push(`${t.id}: ${t.dependsOn.join(' ')}`, '\t@true', `.PHONY: ${t.id}`);
  writeFileSync(path.join(root, 'Makefile'), `${lines.join('\n')}\n`);
}

function nxWorkspace(root: string, tasks: DagTask[]): void {
  writeFileSync(
    path.join(root, 'nx.json'),
    JSON.stringify({ analytics: false, neverConnectToCloud: true, useDaemonProcess: false, tui: { enabled: false }, targetDefaults: {} }, null, 2),
  );
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'nx-bench', private: true }));
  mkdirSync(path.join(root, 'bench'), { recursive: true });
  // Nx insists on finding itself in the workspace's node_modules: lend it this repository's.
  mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules/nx'), path.join(root, 'node_modules/nx'));
  const targets: Record<string, unknown> = {};
  for (const t of tasks) targets[t.id] = { command: 'true', dependsOn: t.dependsOn, cache: false };
  targets.all = { command: 'true', dependsOn: tasks.map((t) => t.id), cache: false };
  writeFileSync(path.join(root, 'bench', 'project.json'), JSON.stringify({ name: 'bench', root: 'bench', targets }));
}

export interface SpawnBench {
  /** Through the default spawner: the native one when built (`npm run build`), else Node's. */
  orchestraMs: number;
  defaultSpawner: 'native' | 'node';
  /** The same run with ORCHESTRA_SPAWNER=node: through the Node spawner (spawner.ts). */
  orchestraNodeSpawnerMs: number;
  /** The same run with ORCHESTRA_DIRECT_SPAWN=1: every process forked by the orchestra process itself. */
  orchestraDirectMs: number;
  makeMs: number;
  /** bench/spawn-floor.mjs: a fresh Node process pushing the same 1,000 `true` through the native spawner, no engine. */
  floorMs: number | undefined;
  nxMs: number | undefined;
  nxError?: string;
}

export function benchSpawn(repeats = 3, withNx = true): SpawnBench {
  requireFreshBuild();
  const tasks = dag(1, TASKS);
  const orchestra: number[] = [];
  const direct: number[] = [];
  const nodeSpawner: number[] = [];
  const make: number[] = [];
  const floor: number[] = [];
  const floorScript = path.join(REPO, 'bench/spawn-floor.mjs');
  const { ORCHESTRA_SPAWNER: _, ORCHESTRA_DIRECT_SPAWN: __, ...baseEnv } = process.env;
  for (let i = 0; i < repeats; i++) {
    const root = tempDir('orc-bench-spawn-');
    writeOrchestraPlan(root, tasks, () => ['true']);
    const r = timed(NODE, [CLI, 'run', '--concurrency', String(CONCURRENCY)], root, { ...baseEnv, CI: '1' });
    if (r.code !== 0) throw new Error(`orchestra failed: ${r.stderr}`);
    orchestra.push(r.ms);
    const nodeRoot = tempDir('orc-bench-spawn-node-');
    writeOrchestraPlan(nodeRoot, tasks, () => ['true']);
    const n = timed(NODE, [CLI, 'run', '--concurrency', String(CONCURRENCY)], nodeRoot, { ...baseEnv, CI: '1', ORCHESTRA_SPAWNER: 'node' });
    if (n.code !== 0) throw new Error(`orchestra (node spawner) failed: ${n.stderr}`);
    nodeSpawner.push(n.ms);
    const directRoot = tempDir('orc-bench-spawn-direct-');
    writeOrchestraPlan(directRoot, tasks, () => ['true']);
    const d = timed(NODE, [CLI, 'run', '--concurrency', String(CONCURRENCY)], directRoot, { ...baseEnv, CI: '1', ORCHESTRA_DIRECT_SPAWN: '1' });
    if (d.code !== 0) throw new Error(`orchestra (direct spawn) failed: ${d.stderr}`);
    direct.push(d.ms);
    makefile(root, tasks);
    const m = timed('make', [`-j${CONCURRENCY}`, '-s', 'all'], root);
    if (m.code !== 0) throw new Error(`make failed: ${m.stderr}`);
    make.push(m.ms);
    if (findNativeSpawner()) {
      const f = timed(NODE, [floorScript, String(TASKS), String(CONCURRENCY)], root, baseEnv);
      if (f.code !== 0) throw new Error(`the spawn floor failed: ${f.stderr}`);
      floor.push(f.ms);
    }
  }
  let nxMs: number | undefined;
  let nxError: string | undefined;
  if (withNx) {
    const root = tempDir('orc-bench-nx-');
    nxWorkspace(root, tasks);
    const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true', CI: '1' };
    const nxBin = path.join(REPO, 'node_modules/nx/dist/bin/nx.js');
    const r = timed(NODE, [nxBin, 'run', 'bench:all', `--parallel=${CONCURRENCY}`, '--outputStyle=stream', '--skipNxCache'], root, env);
    if (r.code === 0) nxMs = r.ms;
    else nxError = r.stderr.slice(-2_000);
  }
  return {
    orchestraMs: median(orchestra),
    defaultSpawner: findNativeSpawner() ? 'native' : 'node',
    orchestraNodeSpawnerMs: median(nodeSpawner),
    orchestraDirectMs: median(direct),
    makeMs: median(make),
    floorMs: floor.length > 0 ? median(floor) : undefined,
    nxMs,
    ...(nxError ? { nxError } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchSpawn(Number(process.argv[2] ?? 3));
  console.log(
    `orchestra ${fmt(r.orchestraMs)} (${r.defaultSpawner} spawner; node spawner ${fmt(r.orchestraNodeSpawnerMs)}, direct spawn ${fmt(r.orchestraDirectMs)})  make -j8 ${fmt(r.makeMs)}  ` +
      `floor (no engine) ${r.floorMs ? fmt(r.floorMs) : '- (no native spawner)'}  nx ${r.nxMs ? fmt(r.nxMs) : `failed: ${r.nxError}`}`,
  );
}
