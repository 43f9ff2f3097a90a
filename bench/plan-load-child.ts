// One measured run of `bench/plan-load.ts`: load + validate + waves of the plan in argv[2]'s folder,
// in a fresh process, as `orchestra plan` would do it. Prints one JSON line: wall and CPU per stage.
const stages: Record<string, { wallMs: number; cpuMs: number }> = {};
let wall = performance.now();
let cpu = process.cpuUsage();
const stage = (name: string): void => {
  const used = process.cpuUsage(cpu);
  stages[name] = { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  wall = performance.now();
  cpu = process.cpuUsage();
};

const { computeWaves, loadPlan } = await import('@orchestra/core');
stage('import');
const result = await loadPlan({ cwd: process.argv[2]! });
stage('load');
if (!result.ok) {
  console.error(JSON.stringify(result.diagnostics.slice(0, 5), null, 2));
  process.exit(1);
}
const waves = computeWaves(result.plan);
stage('waves');
console.log(JSON.stringify({ stages, tasks: result.plan.taskIds.length, waves: waves.length, maxRssKb: process.resourceUsage().maxRSS }));
