// Makespan on random DAGs of timed tasks (`sleep`), against the lower bound
// max(critical path, total work / concurrency), eager and waves side by side. Eager is measured
// twice: on the first run (no history: longest chain by task count first) and on a forced re-run
// (recorded durations as priorities).
import path from 'node:path';
import { runPlan } from '../packages/core/src/index.ts';
import { commandAgent } from '../packages/core/src/run/agents/command.ts';
import { loadPlan } from '../packages/core/src/plan/load-plan.ts';
import { dag, fmt, listSchedule, tempDir, writeOrchestraPlan, type DagTask } from './engine-support.ts';
import { seededRandom } from '../packages/core/src/graph/random-dag.ts';

const CONCURRENCY = 4;

export interface MakespanRow {
  seed: number;
  tasks: number;
  boundMs: number;
  criticalMs: number;
  workMs: number;
  eagerFirstMs: number;
  eagerMs: number;
  wavesMs: number;
  /** The same priority rule simulated with zero overhead: what the policy alone achieves. */
  simulatedMs: number;
}

/** List scheduling with longest-remaining-path priority (the engine's rule), no overhead. */
function simulate(tasks: DagTask[], ms: Map<string, number>, concurrency: number): number {
  const dependents = new Map<string, string[]>();
  for (const t of tasks) for (const d of t.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  const prio = new Map<string, number>();
  const prioOf = (id: string): number => {
    const known = prio.get(id);
    if (known !== undefined) return known;
    const p = ms.get(id)! + Math.max(0, ...(dependents.get(id) ?? []).map(prioOf));
    prio.set(id, p);
    return p;
  };
  return listSchedule(tasks, ms, concurrency, prioOf);
}

async function measure(root: string, options: { schedule: 'eager' | 'waves'; force: boolean }): Promise<number> {
  const loaded = await loadPlan({ cwd: root });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 2)));
  const result = await runPlan({
    plan: loaded.plan,
    agents: new Map([['command', commandAgent]]),
    env: process.env,
    concurrency: CONCURRENCY,
    schedule: options.schedule,
    force: options.force,
  });
  if (result.status !== 'succeeded') throw new Error(`makespan run: ${result.status}`);
  return result.durationMs;
}

export async function benchMakespan(seeds = [11, 12, 13], tasksPerDag = 60): Promise<MakespanRow[]> {
  const rows: MakespanRow[] = [];
  for (const seed of seeds) {
    const tasks = dag(seed, tasksPerDag, 1.2);
    const random = seededRandom(seed * 7);
    const ms = new Map(tasks.map((t) => [t.id, 100 + Math.round(random() * 500)]));
    const finish = new Map<string, number>();
    // Tasks come in a topological order from randomDag? Not necessarily: compute by recursion.
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const finishOf = (id: string): number => {
      const known = finish.get(id);
      if (known !== undefined) return known;
      const t = byId.get(id)!;
      const f = Math.max(0, ...t.dependsOn.map(finishOf)) + ms.get(id)!;
      finish.set(id, f);
      return f;
    };
    const criticalMs = Math.max(...tasks.map((t) => finishOf(t.id)));
    const workMs = [...ms.values()].reduce((a, b) => a + b, 0);
    const boundMs = Math.max(criticalMs, workMs / CONCURRENCY);
    const root = tempDir('orc-bench-makespan-');
    writeOrchestraPlan(root, tasks, (id) => ['sleep', (ms.get(id)! / 1000).toFixed(3)]);
    const eagerFirstMs = await measure(root, { schedule: 'eager', force: false });
    const eagerMs = await measure(root, { schedule: 'eager', force: true });
    const wavesMs = await measure(root, { schedule: 'waves', force: true });
    rows.push({ seed, tasks: tasks.length, boundMs, criticalMs, workMs, eagerFirstMs, eagerMs, wavesMs, simulatedMs: simulate(tasks, ms, CONCURRENCY) });
    void path;
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchMakespan()) {
    console.log(
      `seed ${r.seed}: bound ${fmt(r.boundMs)} (critical ${fmt(r.criticalMs)}, work/${CONCURRENCY} ${fmt(r.workMs / CONCURRENCY)}); ` +
        `eager ${fmt(r.eagerMs)} (${(r.eagerMs / r.boundMs).toFixed(3)}x), first run ${fmt(r.eagerFirstMs)} (${(r.eagerFirstMs / r.boundMs).toFixed(3)}x); ` +
        `waves ${fmt(r.wavesMs)} (${(r.wavesMs / r.boundMs).toFixed(3)}x); policy alone ${fmt(r.simulatedMs)} (${(r.simulatedMs / r.boundMs).toFixed(3)}x)`,
    );
  }
}
