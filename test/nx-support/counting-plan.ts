// A plan of `command` tasks in a chain a -> b -> c (plus d beside them) that write files under out/ and
// append their id to a counter file outside the workspace, so a test can tell which tasks really ran.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `node -e` code for one task: record the run, read the dependency's output, write its own. */
function taskScript(id: string, from?: string): string {
  const body = from ? `fs.readFileSync('out/${from}.txt', 'utf8') + '${id}'` : `'${id}'`;
  return [
    "const fs = require('node:fs');",
    "fs.appendFileSync(process.env.E2E_COUNTER, '" + id + "\\n');",
    "fs.mkdirSync('out', { recursive: true });",
    `fs.writeFileSync('out/${id}.txt', ${body});`,
  ].join(' ');
}

export function countingPlan(name: string): string {
  const task = (id: string, from?: string) => {
    const lines = [`  ${id}:`, `    description: Task ${id}`, `    run: [node, -e, ${JSON.stringify(taskScript(id, from))}]`];
    if (from) lines.push(`    dependsOn: [${from}]`, `    inputs: [out/${from}.txt]`);
    lines.push(`    outputs: [out/${id}.txt]`);
    return lines.join('\n');
  };
  return [
    '# yaml-language-server: $schema=./node_modules/@orchestra/core/orchestra.schema.json',
    'version: 1',
    `name: ${name}`,
    'defaults: { agent: command }',
    'tasks:',
    task('a'),
    task('b', 'a'),
    task('c', 'b'),
    task('d'),
    '',
  ].join('\n');
}

/** A counter file outside any workspace; `runs()` lists the task ids that ran, in order. */
export function counter(): { file: string; runs(): string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'orchestra-nx-counter-')), 'runs.txt');
  return {
    file,
    runs() {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}
