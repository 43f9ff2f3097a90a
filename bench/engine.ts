// The engine's benchmarks, side by side in one run: `npx node bench/engine.ts` (add `--no-nx` to
// skip Nx, `--repeats N`). Prints a Markdown section for docs/benchmarks.md.
import os from 'node:os';
import { spawn } from 'node:child_process';
import { benchCached } from './engine-cached.ts';
import { benchMakespan } from './engine-makespan.ts';
import { benchSpawn } from './engine-spawn.ts';
import { fmt } from './engine-support.ts';

const args = process.argv.slice(2);
const repeats = Number(args[args.indexOf('--repeats') + 1] || 3) || 3;
const withNx = !args.includes('--no-nx');

/** The floor for any Node.js tool: 1,000 bare child_process.spawn('true') at concurrency 8. */
async function bareSpawnFloor(): Promise<number> {
  let i = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (i++ < 1_000) {
        await new Promise((resolve) => spawn('true', [], { detached: true, stdio: 'ignore' }).on('exit', resolve));
      }
    }),
  );
  return performance.now() - start;
}

const load = os.loadavg()[0]!.toFixed(1);
const spawnResult = benchSpawn(repeats, withNx);
const floor = await bareSpawnFloor();
const cached = await benchCached(repeats);
const makespan = await benchMakespan();
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const lines = [
  '## Engine (issue 4)',
  '',
  `Command: \`npx node bench/engine.ts\` (median of ${repeats} runs; ${os.cpus().length} cores, load average ${load} at start).`,
  '',
  '| benchmark | orchestra | reference | ratio | goal |',
  '|---|---|---|---|---|',
  `| 1,000 no-op tasks (\`true\`), random DAG, concurrency 8, whole CLI | ${fmt(spawnResult.orchestraMs)} | make -j8: ${fmt(spawnResult.makeMs)} | ${ratio(spawnResult.orchestraMs, spawnResult.makeMs)} | ≤ 1.5× |`,
  `| same, ORCHESTRA_SPAWNER=node (the Node spawner; the first row used the ${spawnResult.defaultSpawner} one) | ${fmt(spawnResult.orchestraNodeSpawnerMs)} | make -j8: ${fmt(spawnResult.makeMs)} | ${ratio(spawnResult.orchestraNodeSpawnerMs, spawnResult.makeMs)} | - |`,
  `| same, ORCHESTRA_DIRECT_SPAWN=1 (no spawner: forked by the orchestra process) | ${fmt(spawnResult.orchestraDirectMs)} | make -j8: ${fmt(spawnResult.makeMs)} | ${ratio(spawnResult.orchestraDirectMs, spawnResult.makeMs)} | - |`,
  `| same, against Nx (\`nx run bench:all --parallel=8\`, targets with \`command: true\`) | ${fmt(spawnResult.orchestraMs)} | ${spawnResult.nxMs ? `Nx: ${fmt(spawnResult.nxMs)}` : 'Nx failed'} | ${spawnResult.nxMs ? ratio(spawnResult.orchestraMs, spawnResult.nxMs) : '-'} | ≤ 0.25× |`,
  `| same 1,000 spawns as a bare Node.js loop (no engine): the floor for any Node tool | ${fmt(floor)} | make -j8: ${fmt(spawnResult.makeMs)} | ${ratio(floor, spawnResult.makeMs)} | - |`,
  ...(spawnResult.floorMs
    ? [`| same 1,000 through the native spawner from a fresh Node process, no engine (\`bench/spawn-floor.mjs\`): orchestra's floor | ${fmt(spawnResult.floorMs)} | make -j8: ${fmt(spawnResult.makeMs)} | ${ratio(spawnResult.floorMs, spawnResult.makeMs)} | - |`]
    : []),
  `| fully cached re-run of ${cached.tasks.toLocaleString('en')} tasks, whole CLI | ${fmt(cached.cliMs)} | - | - | ≤ 1.0 s |`,
  `| same, run from the TypeScript sources (ORCHESTRA_FROM_SOURCE=1: no build) | ${fmt(cached.cliFromSourceMs)} | - | - | - |`,
  `| same, \`runPlan\` in-process (no start-up, no plan loading) | ${fmt(cached.inProcessMs)} | - | - | - |`,
  '',
  '| makespan, random DAG (60 `sleep` tasks, 0.1–0.6 s, concurrency 4) | lower bound max(critical path, work/4) | eager | eager, first run (no history) | waves | priority rule alone, simulated |',
  '|---|---|---|---|---|---|',
  ...makespan.map(
    (r) =>
      `| seed ${r.seed} | ${fmt(r.boundMs)} | ${fmt(r.eagerMs)} (${ratio(r.eagerMs, r.boundMs)}) | ${fmt(r.eagerFirstMs)} (${ratio(r.eagerFirstMs, r.boundMs)}) | ${fmt(r.wavesMs)} (${ratio(r.wavesMs, r.boundMs)}) | ${fmt(r.simulatedMs)} (${ratio(r.simulatedMs, r.boundMs)}) |`,
  ),
  '',
];
console.log(lines.join('\n'));
