// What @orchestra/nx costs every nx command: `nx show projects` (project graph only, daemon off) in one
// temp workspace, with and without the plugin registered, alternating, same machine, same run.
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

function time(cwd: string): number {
  const start = process.hrtime.bigint();
  execFileSync(join(bin, 'nx'), ['show', 'projects'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    const without: number[] = [];
    for (const [on, list] of [[true, withPlugin], [false, without]] as const) {
      writeFileSync(join(root, 'nx.json'), nxJson(on));
      time(root); // warm-up: the first call after a change rebuilds .nx/workspace-data
      list.length = 0;
    }
    for (let i = 0; i < runs; i++) {
      for (const [on, list] of [[true, withPlugin], [false, without]] as const) {
        writeFileSync(join(root, 'nx.json'), nxJson(on));
        list.push(time(root));
      }
    }
    const files = ['orchestra.config.yaml', ...Array.from({ length: plans - 1 }, (_, i) => `plans/p${i + 1}/orchestra.config.yaml`)];
    const own = await createNodesMs(root, files);
    console.log(`${plans} plan(s): with @orchestra/nx ${fmt(withPlugin)}; without ${fmt(without)}; plugin cost ${((median(withPlugin) - median(without)) / 1000).toFixed(2)} s; of which createNodes itself ${own.callMs.toFixed(1)} ms (+ ${own.importMs.toFixed(0)} ms to import the plugin)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
