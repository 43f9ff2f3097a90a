// 1,000 spawnProcess(['true']) at concurrency 8 in this process, no engine: the cost of one spawn through
// each path (native spawner, Node spawner, direct), median of N rounds, each path warmed up first.
// `npx node bench/engine-spawn-loop.ts [rounds]`
import os from 'node:os';
import { spawnerKind, spawnProcess } from '../packages/core/src/run/spawn-process.ts';
import { fmt, median } from './engine-support.ts';

const SPAWNS = 1_000;
const CONCURRENCY = 8;
type Mode = 'native' | 'node' | 'direct';

function select(mode: Mode): void {
  delete process.env.ORCHESTRA_DIRECT_SPAWN;
  process.env.ORCHESTRA_SPAWNER = mode;
}

async function loop(count: number): Promise<number> {
  const env = { ...process.env };
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const r = await spawnProcess({ command: ['true'], cwd: os.tmpdir(), env, localBins: false });
      if (r.exitCode !== 0) throw new Error(`true failed: ${JSON.stringify(r)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

export async function benchSpawnLoop(rounds = 3): Promise<Record<Mode, number>> {
  const times: Record<Mode, number[]> = { native: [], node: [], direct: [] };
  for (const mode of ['native', 'node', 'direct'] as const) {
    select(mode);
    await loop(20); // starts the helper
    if (mode !== 'direct' && spawnerKind() !== mode) throw new Error(`the ${mode} spawner did not start (native: npm run build)`);
  }
  for (let i = 0; i < rounds; i++) {
    for (const mode of ['native', 'node', 'direct'] as const) {
      select(mode);
      times[mode].push(await loop(SPAWNS));
    }
  }
  return { native: median(times.native), node: median(times.node), direct: median(times.direct) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchSpawnLoop(Number(process.argv[2] ?? 3));
  console.log(`1,000 spawnProcess(['true']) at concurrency ${CONCURRENCY}: native ${fmt(r.native)}  node spawner ${fmt(r.node)}  direct ${fmt(r.direct)}  (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}
