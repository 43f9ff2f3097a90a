// Two checkouts of orchestra, each built (`npm run build` in it), on the 1,000-task bench plan: runs
// interleaved A, B, A, B... in the same minutes (this shared machine's speed drifts ±15% within an hour,
// so only interleaved differences are figures), each in a fresh folder; median wall of the whole command
// and median time until the first task's process is started (the spawner's start, seen by a hook).
//
//   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci)   # or symlinked node_modules
//   npx node bench/compare-builds.ts /tmp/before . [pairs=11]
import { rmSync } from 'node:fs';
import path from 'node:path';
import { staleBuild } from '../scripts/build-manifest.ts';
import { dag, fmt, median, NODE, tempDir, timed, writeOrchestraPlan } from './engine-support.ts';

// Logs the moment of the first child_process.spawn (the spawner, started for the first task).
const HOOK = `data:text/javascript,${encodeURIComponent(`
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
const spawn = cp.spawn;
let first;
cp.spawn = function (...args) { first ??= performance.now(); return spawn.apply(this, args); };
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write('first-spawn ' + (first ?? -1) + '\\n'));
`)}`;

const [a, b, pairsArg] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: npx node bench/compare-builds.ts <checkout A> <checkout B> [pairs=11]');
  process.exit(2);
}
const checkouts = [path.resolve(a), path.resolve(b)];
for (const repo of checkouts) {
  const why = staleBuild(repo);
  if (why) throw new Error(`${repo} would run its TypeScript sources (${why}): run \`npm run build\` there first`);
}
const pairs = Number(pairsArg ?? 11);
const tasks = dag(1, 1_000);
const wall: number[][] = [[], []];
const first: number[][] = [[], []];
for (let i = 0; i < pairs; i++) {
  checkouts.forEach((repo, k) => {
    const root = tempDir('orc-compare-');
    writeOrchestraPlan(root, tasks, () => ['true']);
    const cli = path.join(repo, 'packages/cli/bin/orchestra.js');
    const r = timed(NODE, ['--import', HOOK, cli, 'run', '--concurrency', '8'], root, { ...process.env, CI: '1' });
    if (r.code !== 0) throw new Error(`${repo}: orchestra failed: ${r.stderr.slice(-2_000)}`);
    wall[k]!.push(r.ms);
    first[k]!.push(Number(/first-spawn ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN));
    rmSync(root, { recursive: true, force: true });
  });
}
checkouts.forEach((repo, k) => {
  console.log(`${repo}: whole run ${fmt(median(wall[k]!))}, first task started at ${fmt(median(first[k]!))} (median of ${pairs})`);
});
