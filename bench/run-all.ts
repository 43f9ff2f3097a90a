// Every benchmark, one after the other: `npm run bench`. Each prints its own table; the figures and
// the command for each area are in docs/benchmarks.md. Benchmarks are not tests: they measure, and
// say when a goal is missed, but they never fail the build.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches: Array<[string, string[]]> = [
  ['plan-load.ts', []],
  ['yaml-read.ts', []],
  ['engine.ts', []],
  ['claude-overhead.ts', []],
  ['nx-plugin.ts', []],
  ['report-render.ts', []],
];

let failed = 0;
for (const [file, args] of benches) {
  process.stdout.write(`\n=== bench/${file} ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [path.join(here, file), ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`bench/${file} exited with ${result.status ?? result.signal}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
