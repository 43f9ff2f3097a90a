// Reading the bench's 1,000-task plan on a cold start: the subset reader (plan/yaml-subset.ts) against
// js-yaml's event parser as fast-parse-yaml.ts uses it, each in a fresh Node process (cold code, as a
// run's start is), alternating; median of N.
//
//   npx node bench/yaml-read.ts [runs=9]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dag, fmt, median, NODE, REPO, tempDir, writeOrchestraPlan } from './engine-support.ts';

const child = (reader: 'subset' | 'js-yaml', file: string): string => `
import { readFileSync } from 'node:fs';
const text = readFileSync(${JSON.stringify(file)}, 'utf8');
${
  reader === 'subset'
    ? `const { parseYamlSubset } = await import(${JSON.stringify(path.join(REPO, 'packages/core/src/plan/yaml-subset.ts'))});
const start = performance.now();
if (!parseYamlSubset(text)) throw new Error('the subset reader declined the plan');`
    : `const js = await import(${JSON.stringify(path.join(REPO, 'node_modules/js-yaml/dist/js-yaml.mjs'))});
const start = performance.now();
js.constructFromEvents(js.parseEvents(text, { maxDepth: 100 }), { source: text, schema: js.CORE_SCHEMA, json: false, maxAliases: 0 });`
}
console.log(performance.now() - start);`;

const runs = Number(process.argv[2] ?? 9);
const root = tempDir('orc-yaml-read-');
writeOrchestraPlan(root, dag(1, 1_000), () => ['true']);
const file = path.join(root, 'orchestra.config.yaml');
const times = { subset: [] as number[], 'js-yaml': [] as number[] };
for (let i = 0; i < runs; i++) {
  for (const reader of ['subset', 'js-yaml'] as const) {
    const r = spawnSync(NODE, ['--input-type=module', '-e', child(reader, file)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times[reader].push(Number(r.stdout.trim()));
  }
}
console.log(
  `1,000-task plan (${(readFileSync(file).length / 1024).toFixed(0)} KB), cold, median of ${runs}: ` +
    `subset reader ${fmt(median(times.subset))}, js-yaml events ${fmt(median(times['js-yaml']))}`,
);
