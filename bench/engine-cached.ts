// A fully cached re-run of 10,000 tasks: the real CLI (`orchestra run`), start-up and plan loading
// included, on a plan whose every task has an input and an output and succeeded before. The first
// run is made in-process by an agent that writes the outputs without spawning (same name and
// version as the command agent, so the fingerprints are those the CLI computes).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COMMAND_AGENT_VERSION, runPlan, type Agent } from '../packages/core/src/index.ts';
import { loadPlan } from '../packages/core/src/plan/load-plan.ts';
import { CLI, dag, fmt, median, NODE, requireFreshBuild, tempDir, timed, writeOrchestraPlan } from './engine-support.ts';

const TASKS = 10_000;

const writer: Agent = {
  name: 'command',
  version: async () => COMMAND_AGENT_VERSION,
  async run(request) {
    for (const out of request.task.outputs) {
      mkdirSync(path.dirname(path.join(request.cwd, out)), { recursive: true });
      writeFileSync(path.join(request.cwd, out), `${request.task.id}\n`);
    }
    return { ok: true, exitCode: 0 };
  },
};

export interface CachedBench {
  cliMs: number;
  /** The same CLI run from the TypeScript sources (ORCHESTRA_FROM_SOURCE=1): what the build saves. */
  cliFromSourceMs: number;
  inProcessMs: number;
  tasks: number;
}

export async function benchCached(repeats = 3): Promise<CachedBench> {
  requireFreshBuild();
  const root = tempDir('orc-bench-cached-');
  const tasks = dag(2, TASKS);
  mkdirSync(path.join(root, 'src'));
  for (const t of tasks) writeFileSync(path.join(root, 'src', `${t.id}.txt`), t.id);
  writeOrchestraPlan(root, tasks, (id) => ['cp', `src/${id}.txt`, `out/${id}.txt`], ['concurrency: 8'], (id) => [
    `inputs: [src/${id}.txt]`,
    `outputs: [out/${id}.txt]`,
  ]);
  const loaded = await loadPlan({ cwd: root });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  const first = await runPlan({ plan: loaded.plan, agents: new Map([['command', writer]]), env: process.env, concurrency: 8 });
  if (first.status !== 'succeeded') throw new Error(`setup run: ${first.status}`);
  // Let every file age past the racy-clean window, as it would between two real runs.
  await new Promise((r) => setTimeout(r, 300));
  const warm = await runPlan({ plan: loaded.plan, agents: new Map([['command', writer]]), env: process.env });
  if (warm.counts.cached !== TASKS) throw new Error(`expected all cached, got ${JSON.stringify(warm.counts)}`);
  const cli: number[] = [];
  const fromSource: number[] = [];
  const inProcess: number[] = [];
  // The plan cache is keyed by the loader's own files, which differ between dist/ and the sources: each
  // mode gets one untimed run first that fills it, as a user's previous run would have.
  const cliRun = (env: NodeJS.ProcessEnv): number => {
    const r = timed(NODE, [CLI, 'run'], root, { ...process.env, CI: '1', ...env });
    if (r.code !== 0) throw new Error(`orchestra run failed: ${r.stderr.slice(-2000)}`);
    return r.ms;
  };
  cliRun({});
  for (let i = 0; i < repeats; i++) cli.push(cliRun({}));
  cliRun({ ORCHESTRA_FROM_SOURCE: '1' });
  for (let i = 0; i < repeats; i++) fromSource.push(cliRun({ ORCHESTRA_FROM_SOURCE: '1' }));
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const again = await runPlan({ plan: loaded.plan, agents: new Map([['command', writer]]), env: process.env });
    inProcess.push(performance.now() - start);
    if (again.counts.cached !== TASKS) throw new Error('not all cached');
  }
  return { cliMs: median(cli), cliFromSourceMs: median(fromSource), inProcessMs: median(inProcess), tasks: TASKS };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchCached(Number(process.argv[2] ?? 3));
  console.log(`cached re-run of ${r.tasks} tasks: CLI ${fmt(r.cliMs)} (from sources ${fmt(r.cliFromSourceMs)}), in-process runPlan ${fmt(r.inProcessMs)}`);
}
