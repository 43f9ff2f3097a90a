// orchestra's per-task overhead over a bare `claude -p`, both against the same fake Anthropic API, side
// by side in one run: one task, and 20 independent tasks at concurrency 4 against 20 bare calls run 4 at
// a time. Same prompt, same flags (stream-json, acceptEdits, --session-id), same environment.
//
//   npx node bench/claude-overhead.ts [--repeats N]
//
// "orchestra (CLI)" is the whole `orchestra run --force` process: Node start-up, plan loading, state,
// logs, the claude agent. "orchestra (in-process)" calls runPlan from an already loaded process, which
// is the cost each task adds once orchestra is running.
import { execFileSync, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { claudeEnv, createClaudeAgent } from '../packages/claude/src/index.ts';
import { commandAgent, loadPlan, runPlan } from '../packages/core/src/index.ts';
import { ORCHESTRA_BIN, REAL_CLAUDE, REPO_ROOT, realClaudeEnv, tempDir } from '../test/claude-support/real-claude.ts';
import { startFakeApi } from '../test/fixtures/fake-api/start-fake-api.ts';
import { requireFreshBuild } from './engine-support.ts';

requireFreshBuild();
const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const REPEATS = Number(values.repeats);
const CONCURRENCY = 4;
const MANY = 20;
const PROMPT = (i: number): string => `Benchmark task ${i}: reply with one word.`;

/**
 * `detached` as orchestra spawns its tasks (own process group and session). It matters: measured here,
 * 12 `claude -p` calls 4 at a time took 11-18 s attached to the caller's session and about 8 s detached,
 * so a bare call spawned attached would flatter orchestra.
 */
function timedSpawn(command: string, args: string[], cwd: string, env: Record<string, string>, detached = false): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${path.basename(command)} exited ${code}: ${err.slice(-1000)}`))));
  });
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const bareArgs = (prompt: string): string[] => ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--session-id', randomUUID(), '--', prompt];

function writePlan(root: string, tasks: number): void {
  const lines = ['version: 1', 'name: bench', `concurrency: ${CONCURRENCY}`, 'tasks:'];
  for (let i = 0; i < tasks; i++) lines.push(`  t${String(i).padStart(2, '0')}:`, `    prompt: "${PROMPT(i)}"`);
  writeFileSync(path.join(root, 'orchestra.config.yaml'), `${lines.join('\n')}\n`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const api = await startFakeApi({ scenario: { rules: [], fallback: { text: 'Done.' } } });
// CI=1 for both sides (orchestra prints plain lines under CI); the bare calls get exactly the
// environment the claude agent gives its processes.
const env = { ...realClaudeEnv({ apiUrl: api.url, home: tempDir('orc-bench-claude-home-') }), CI: '1' };
const bareEnv = claudeEnv({ env }) as Record<string, string>;

async function bare(tasks: number): Promise<number> {
  const cwd = tempDir('orc-bench-claude-bare-'); // fresh, as each orchestra run gets (the CLI keeps per-folder transcripts)
  const start = performance.now();
  await pool([...Array(tasks).keys()], CONCURRENCY, (i) => timedSpawn(REAL_CLAUDE, bareArgs(PROMPT(i)), cwd, bareEnv, true));
  return performance.now() - start;
}

async function orchestraCli(tasks: number): Promise<number> {
  const root = tempDir('orc-bench-claude-cli-');
  writePlan(root, tasks);
  return timedSpawn(process.execPath, [ORCHESTRA_BIN, 'run', '--force'], root, env);
}

// One registry for every in-process run, as one orchestra process has: per-run costs (the CLI's
// version, the credentials check) are paid once, and what remains is what each task adds.
const agents = new Map([['command', commandAgent], ['claude', createClaudeAgent({ env })]]);

async function orchestraInProcess(tasks: number): Promise<number> {
  const root = tempDir('orc-bench-claude-lib-');
  writePlan(root, tasks);
  const loaded = await loadPlan({ cwd: root });
  if (!loaded.ok) throw new Error('bench plan invalid');
  const start = performance.now();
  const result = await runPlan({ plan: loaded.plan, agents, env, force: true });
  const ms = performance.now() - start;
  if (result.exitCode !== 0) throw new Error(`runPlan failed: ${result.status}`);
  return ms;
}

// Warm-up: page the 400 MB binary in, create the config folder.
await bare(1);
await orchestraCli(1);

const samples = { bare1: [] as number[], cli1: [] as number[], lib1: [] as number[], bareN: [] as number[], cliN: [] as number[], libN: [] as number[] };
for (let r = 0; r < REPEATS; r++) {
  // Interleaved, so load from other processes on the machine hits both sides alike.
  samples.bare1.push(await bare(1));
  samples.cli1.push(await orchestraCli(1));
  samples.lib1.push(await orchestraInProcess(1));
  samples.bareN.push(await bare(MANY));
  samples.cliN.push(await orchestraCli(MANY));
  samples.libN.push(await orchestraInProcess(MANY));
}
const requests = api.requests.length;
await api.close();

// A control without the model's cost: the same comparison with the fake `claude` (a ~40 ms Node script),
// where the machine's noise is small next to what orchestra adds per task.
const FAKE_CLAUDE = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-claude', 'claude');
const fakeEnv = { ...env, ORCHESTRA_CLAUDE_PATH: FAKE_CLAUDE };
const fakeAgents = new Map([['command', commandAgent], ['claude', createClaudeAgent({ env: fakeEnv })]]);
const control = { bare: [] as number[], lib: [] as number[] };
for (let r = 0; r < REPEATS; r++) {
  const cwd = tempDir('orc-bench-claude-fake-');
  const start = performance.now();
  await pool([...Array(MANY).keys()], CONCURRENCY, (i) => timedSpawn(FAKE_CLAUDE, bareArgs(PROMPT(i)), cwd, claudeEnv({ env: fakeEnv }) as Record<string, string>, true));
  control.bare.push(performance.now() - start);
  const root = tempDir('orc-bench-claude-fake-lib-');
  writePlan(root, MANY);
  const loaded = await loadPlan({ cwd: root });
  if (!loaded.ok) throw new Error('bench plan invalid');
  const t = performance.now();
  await runPlan({ plan: loaded.plan, agents: fakeAgents, env: fakeEnv, force: true });
  control.lib.push(performance.now() - t);
}

/** Median of the per-repeat differences (the two sides of a pair ran back to back, under the same load). */
const pairedOverhead = (orc: number[], base: number[]): number => median(orc.map((x, i) => x - base[i]!));
const ms = (x: number): string => `${Math.round(x)} ms`;
const m = (xs: number[]): string => ms(median(xs));
const row = (label: string, tasks: number, base: number[], cli: number[], lib: number[]): string[] => {
  const perTask = (x: number): string => (tasks > 1 ? ` (${ms(x / tasks)}/task)` : '');
  const cliOver = pairedOverhead(cli, base);
  const libOver = pairedOverhead(lib, base);
  return [label, m(base), m(cli), `${ms(cliOver)}${perTask(cliOver)}`, m(lib), `${ms(libOver)}${perTask(libOver)}`];
};
const header = ['', 'bare claude -p', 'orchestra run (CLI)', 'overhead', 'orchestra (in-process)', 'overhead'];
const rows = [
  row('one task', 1, samples.bare1, samples.cli1, samples.lib1),
  row(`${MANY} tasks, ${CONCURRENCY} at a time`, MANY, samples.bareN, samples.cliN, samples.libN),
];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const version = execFileSync(REAL_CLAUDE, ['--version'], { encoding: 'utf8' }).trim();
const perTaskLib = pairedOverhead(samples.libN, samples.bareN) / MANY;
const perTaskFake = pairedOverhead(control.lib, control.bare) / MANY;
process.stdout.write(
  `Claude Code ${version}; medians of ${REPEATS} interleaved repeats; ${requests} API calls in all; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n\n${table}\n\n` +
    `control, fake claude: ${MANY} bare calls ${m(control.bare)}, orchestra in-process ${m(control.lib)}: ${ms(perTaskFake)}/task\n` +
    `per-task overhead (${MANY} tasks): ${ms(perTaskLib)} with the real CLI, ${ms(perTaskFake)} with the fake; goal <= 50 ms\n`,
);
