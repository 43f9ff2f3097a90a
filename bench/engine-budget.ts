// What the "1,000 no-op tasks within 1.5× make -j8" goal leaves an engine, measured rather than argued.
//
// Interleaved, on the same random DAG of `true` tasks at concurrency 8: make -j8; the floor
// (bench/spawn-floor.mjs: a bare Node process pushing the same 1,000 `true` through orchestra's native
// spawner, no engine) with 0, 100, 200 and 300 µs of busy work per task on its main thread; and
// `orchestra run`. All on every core, then all pinned to one core (`taskset -c 0`, where there is one):
// on one core the wall time is the CPU time, so the second table shows whether a ratio to make comes
// from CPU spent or from waiting.
//
// "Engine µs/task" prices orchestra in the floor's currency: the busy work per task at which the floor
// would take as long as orchestra (interpolated, start-up and close included in orchestra's figure).
//
// `npx node bench/engine-budget.ts [repeats=5]` (after `npm run build`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { findNativeSpawner } from '../packages/core/src/run/native-spawner.ts';
import { CLI, dag, fmt, median, NODE, REPO, requireFreshBuild, tempDir, timed, writeOrchestraPlan } from './engine-support.ts';
import { makefile } from './engine-spawn.ts';

const TASKS = 1_000;
const CONCURRENCY = 8;
const BUSY_US = [0, 100, 200, 300];
const GOAL = 1.5;

interface Row {
  label: string;
  ms: number;
}

function hasTaskset(): boolean {
  return process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

function measure(repeats: number, pin: boolean): Row[] {
  const tasks = dag(1, TASKS);
  const root = tempDir('orc-bench-budget-');
  writeOrchestraPlan(root, tasks, () => ['true']);
  makefile(root, tasks);
  const floorScript = path.join(REPO, 'bench/spawn-floor.mjs');
  const { ORCHESTRA_SPAWNER: _, ORCHESTRA_DIRECT_SPAWN: __, ...env } = process.env;
  const run = (command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): number => {
    const [cmd, argv] = pin ? ['taskset', ['-c', '0', command, ...args]] : [command, args];
    const r = timed(cmd, argv, root, { ...env, ...extraEnv });
    if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
    return r.ms;
  };
  const samples = new Map<string, number[]>();
  const add = (label: string, ms: number): void => void samples.set(label, [...(samples.get(label) ?? []), ms]);
  for (let i = 0; i < repeats; i++) {
    add('make -j8', run('make', [`-j${CONCURRENCY}`, '-s', 'all']));
    for (const us of BUSY_US) add(`floor +${us} µs/task`, run(NODE, [floorScript, String(TASKS), String(CONCURRENCY), String(us)]));
    rmSync(path.join(root, '.orchestra'), { recursive: true, force: true });
    add('orchestra run', run(NODE, [CLI, 'run', '--concurrency', String(CONCURRENCY)], { CI: '1' }));
  }
  rmSync(root, { recursive: true, force: true });
  return [...samples].map(([label, ms]) => ({ label, ms: median(ms) }));
}

/** The busy µs/task at which the floor would take `ms` (linear between the measured points, or beyond the last two). */
function busyEquivalent(rows: Row[], ms: number): number {
  const points = BUSY_US.map((us) => ({ us, ms: rows.find((r) => r.label === `floor +${us} µs/task`)!.ms }));
  let i = 0;
  while (i < points.length - 2 && ms > points[i + 1]!.ms) i++;
  const a = points[i]!;
  const b = points[i + 1]!;
  return a.us + ((ms - a.ms) * (b.us - a.us)) / (b.ms - a.ms);
}

function print(title: string, rows: Row[]): void {
  const make = rows.find((r) => r.label === 'make -j8')!.ms;
  const orchestra = rows.find((r) => r.label === 'orchestra run')!.ms;
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${r.label.padEnd(22)} ${fmt(r.ms).padStart(8)}  ${(r.ms / make).toFixed(2)}× make`);
  console.log(
    `  goal ≤ ${GOAL}× make = ${fmt(make * GOAL)}; orchestra costs as much as ~${Math.round(busyEquivalent(rows, orchestra))} µs/task of floor busy work` +
      `; the goal allows ~${Math.round(busyEquivalent(rows, make * GOAL))} µs/task`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  requireFreshBuild();
  if (!findNativeSpawner()) throw new Error('the floor needs the native spawner: run `npm run build` (it needs a C compiler)');
  const repeats = Number(process.argv[2] ?? 5);
  print(`1,000 no-op tasks, concurrency 8, every core (median of ${repeats})`, measure(repeats, false));
  if (hasTaskset()) print(`the same, everything pinned to one core (taskset -c 0): wall time = CPU time`, measure(repeats, true));
  else console.log('\n(no taskset here: the one-core table is Linux only)');
}
