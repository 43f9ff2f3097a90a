// Temp workspaces for the engine's end-to-end tests: a plan of command tasks, and the real CLI.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countLines } from '@orchestra/core/testing';
import { cleanEnv, ORCHESTRA_BIN } from '../support/cli.ts';

export { ORCHESTRA_BIN as CLI } from '../support/cli.ts';
export const node = process.execPath;

export function tempDir(prefix = 'orc-e2e-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A task script: sleeps `ms`, writes out/<id>.txt, then appends its id to done.log (counted by tests). */
export function workScript(id: string, ms: number): string {
  return [
    `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});`,
    `const fs = require('node:fs');`,
    `fs.mkdirSync('out', { recursive: true });`,
    `fs.writeFileSync('out/${id}.txt', '${id}');`,
    `fs.appendFileSync('done.log', '${id}\\n');`,
  ].join(' ');
}

export interface SketchTask {
  id: string;
  dependsOn: string[];
  ms: number;
}

/** A seeded random DAG: task i depends on up to two earlier tasks. */
export function randomTasks(count: number, seed: number, msRange: [number, number]): SketchTask[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const tasks: SketchTask[] = [];
  for (let i = 0; i < count; i++) {
    const id = `t${String(i).padStart(2, '0')}`;
    const deps = new Set<string>();
    for (let k = 0; k < 2 && i > 0; k++) if (rand() < 0.6) deps.add(tasks[Math.floor(rand() * i)]!.id);
    tasks.push({ id, dependsOn: [...deps].sort(), ms: Math.round(msRange[0] + rand() * (msRange[1] - msRange[0])) });
  }
  return tasks;
}

export function writePlan(root: string, tasks: SketchTask[], extra = ''): void {
  const lines = ['version: 1', 'name: e2e', 'defaults:', '  agent: command', extra, 'tasks:'];
  for (const t of tasks) {
    lines.push(`  ${t.id}:`);
    lines.push(`    run: ${JSON.stringify([node, '-e', workScript(t.id, t.ms)])}`);
    lines.push(`    outputs: [out/${t.id}.txt]`);
    if (t.dependsOn.length > 0) lines.push(`    dependsOn: [${t.dependsOn.join(', ')}]`);
  }
  writeFileSync(path.join(root, 'orchestra.config.yaml'), `${lines.filter((l) => l !== '').join('\n')}\n`);
}

export function doneCounts(root: string): Record<string, number> {
  return countLines(path.join(root, 'done.log'));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = cleanEnv()): CliResult {
  const r = spawnSync(node, [ORCHESTRA_BIN, ...args], { cwd, env: { ...env, CI: '1' }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI; resolves when it has exited. */
export function startCli(args: string[], cwd: string) {
  const child = spawn(node, [ORCHESTRA_BIN, ...args], { cwd, env: cleanEnv({ CI: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}
