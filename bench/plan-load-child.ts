// One measured run of `bench/plan-load.ts`: load + validate + waves of the plan in argv[2]'s folder,
// in a fresh process, as `orchestra plan` would do it. Prints one JSON line.
const started = performance.now();
const { computeWaves, loadPlan } = await import('@orchestra/core');
const imported = performance.now();
const result = await loadPlan({ cwd: process.argv[2]! });
const loaded = performance.now();
if (!result.ok) {
  console.error(JSON.stringify(result.diagnostics.slice(0, 5), null, 2));
  process.exit(1);
}
const waves = computeWaves(result.plan);
const done = performance.now();
console.log(
  JSON.stringify({
    importMs: imported - started,
    loadMs: loaded - imported,
    wavesMs: done - loaded,
    tasks: result.plan.taskIds.length,
    waves: waves.length,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
