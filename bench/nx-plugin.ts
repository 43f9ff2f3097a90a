// What @orchestra/nx costs every nx command: `nx show projects` (project graph only, daemon off) in one
// temp workspace, with and without the plugin registered (each also with NX_ISOLATE_PLUGINS=false: plugins
// loaded in nx's own process rather than in plugin workers), alternating,
// same machine, same run. The root plan is this repository's; the 50-plan case copies it 49 times.
// Usage: npx node bench/nx-plugin.ts [runs=7] [plans=1,50]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 7);
const planCounts = (process.argv[3] ?? '1,50').split(',').map(Number);
const bin = join(repo, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' };

function nxJson(withPlugin: boolean): string {
  return JSON.stringify({
    analytics: false,
    neverConnectToCloud: true,
    useDaemonProcess: false,
    tui: { enabled: false },
    plugins: withPlugin ? [{ plugin: '@orchestra/nx', options: { perTaskTargets: true } }] : [],
  });
}

function workspace(plans: number): string {
  const root = mkdtempSync(join(tmpdir(), 'orchestra-bench-nx-'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  const plan = readFileSync(join(repo, 'orchestra.config.yaml'), 'utf8');
  writeFileSync(join(root, 'orchestra.config.yaml'), plan);
  for (let i = 1; i < plans; i++) {
    const file = join(root, 'plans', `p${i}`, 'orchestra.config.yaml');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, plan.replace(/^name: .*$/m, `name: plan-${i}`));
  }
  return root;
}

function time(cwd: string, extraEnv: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  execFileSync(join(bin, 'nx'), ['show', 'projects'], { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The plugin's own share: createNodes over every plan file, in this process (import included once). */
async function createNodesMs(root: string, files: string[]): Promise<{ importMs: number; callMs: number }> {
  const start = process.hrtime.bigint();
  const { createNodes } = await import('../plugins/nx/src/index.ts');
  const imported = process.hrtime.bigint();
  await createNodes[1](files, { perTaskTargets: true }, { workspaceRoot: root, nxJsonConfiguration: {} });
  const done = process.hrtime.bigint();
  return { importMs: Number(imported - start) / 1e6, callMs: Number(done - imported) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (xs: number[]) => `median ${(median(xs) / 1000).toFixed(2)} s (min ${(Math.min(...xs) / 1000).toFixed(2)}, max ${(Math.max(...xs) / 1000).toFixed(2)})`;

console.log(`nx show projects, ${runs} runs each, alternating; Node ${process.versions.node}; daemon off`);
for (const plans of planCounts) {
  const root = workspace(plans);
  try {
    const withPlugin: number[] = [];
    const inProcess: number[] = [];
    const without: number[] = [];
    const withoutInProcess: number[] = [];
    // In-process: NX_ISOLATE_PLUGINS=false loads the plugin in nx's own process instead of a plugin worker.
    const variants = [
      [true, withPlugin, {}],
      [true, inProcess, { NX_ISOLATE_PLUGINS: 'false' }],
      [false, without, {}],
      [false, withoutInProcess, { NX_ISOLATE_PLUGINS: 'false' }],
    ] as const;
    for (const [on, , extra] of variants) {
      writeFileSync(join(root, 'nx.json'), nxJson(on));
      time(root, extra); // warm-up: the first call after a change rebuilds .nx/workspace-data
    }
    for (let i = 0; i < runs; i++) {
      for (const [on, list, extra] of variants) {
        writeFileSync(join(root, 'nx.json'), nxJson(on));
        list.push(time(root, extra));
      }
    }
    const files = ['orchestra.config.yaml', ...Array.from({ length: plans - 1 }, (_, i) => `plans/p${i + 1}/orchestra.config.yaml`)];
    const own = await createNodesMs(root, files);
    console.log(`${plans} plan(s):`);
    const cost = (a: number[], b: number[]) => `${((median(a) - median(b)) / 1000).toFixed(2)} s`;
    console.log(`  with @orchestra/nx     ${fmt(withPlugin)}   in-process ${fmt(inProcess)}`);
    console.log(`  without                ${fmt(without)}   in-process ${fmt(withoutInProcess)}`);
    console.log(`  plugin cost ${cost(withPlugin, without)} (in-process ${cost(inProcess, withoutInProcess)}); createNodes itself ${own.callMs.toFixed(1)} ms, importing the plugin ${own.importMs.toFixed(0)} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
