// What a first run (no recorded durations) can hope for: list scheduling of random DAGs of timed tasks
// (the makespan benchmark's DAGs and durations, seeds 11-60) with ranking rules that do not know the
// durations, against the lower bound max(critical path, work / concurrency), and the same with the
// durations known (the rule the engine uses once it has history). Simulated: no processes, no overhead.
//   npx node bench/makespan-policies.ts
import { seededRandom } from '../packages/core/src/graph/random-dag.ts';
import { dag, listSchedule, type DagTask } from './engine-support.ts';

const CONCURRENCY = 4;
const SEEDS = Array.from({ length: 50 }, (_, i) => 11 + i);

function dependentsOf(tasks: DagTask[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of tasks) for (const d of t.dependsOn) out.set(d, [...(out.get(d) ?? []), t.id]);
  return out;
}

function memo(f: (id: string, self: (id: string) => number) => number): (id: string) => number {
  const known = new Map<string, number>();
  const self = (id: string): number => {
    let v = known.get(id);
    if (v === undefined) known.set(id, (v = f(id, self)));
    return v;
  };
  return self;
}

const ratios = new Map<string, number[]>();
for (const seed of SEEDS) {
  const tasks = dag(seed, 60, 1.2);
  const random = seededRandom(seed * 7);
  const ms = new Map(tasks.map((t) => [t.id, 100 + Math.round(random() * 500)]));
  const dependents = dependentsOf(tasks);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const chain = memo((id, self) => 1 + Math.max(0, ...(dependents.get(id) ?? []).map(self)));
  const descendants = memo((id) => {
    const seen = new Set<string>();
    const stack = [...(dependents.get(id) ?? [])];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(dependents.get(x) ?? []));
    }
    return seen.size;
  });
  const knownPath = memo((id, self) => ms.get(id)! + Math.max(0, ...(dependents.get(id) ?? []).map(self)));
  const finish = memo((id, self) => Math.max(0, ...byId.get(id)!.dependsOn.map(self)) + ms.get(id)!);
  const bound = Math.max(Math.max(...tasks.map((t) => finish(t.id))), [...ms.values()].reduce((a, b) => a + b, 0) / CONCURRENCY);
  const policies: Record<string, (id: string) => number> = {
    'chain length (the engine, first run)': chain,
    'descendant count': descendants,
    'chain, then descendants': (id) => chain(id) * 1_000 + descendants(id),
    'descendants, then chain': (id) => descendants(id) * 100 + chain(id),
    'durations known (the engine, with history)': knownPath,
  };
  for (const [name, priority] of Object.entries(policies)) ratios.set(name, [...(ratios.get(name) ?? []), listSchedule(tasks, ms, CONCURRENCY, priority) / bound]);
}

console.log(`makespan / lower bound over ${SEEDS.length} random DAGs (60 tasks, 0.1-0.6 s, concurrency ${CONCURRENCY}), simulated`);
for (const [name, values] of ratios) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(`${name.padEnd(44)} mean ${mean.toFixed(3)}  median ${at(0.5).toFixed(3)}  p90 ${at(0.9).toFixed(3)}  max ${at(1).toFixed(3)}`);
}
