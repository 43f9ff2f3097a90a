// Runs the real `orchestra` command in a temp workspace, as a user would, and captures its output.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { cleanEnv, ORCHESTRA_BIN } from '../support/cli.ts';

export { cleanEnv, ORCHESTRA_BIN, REPO } from '../support/cli.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function orchestra(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ORCHESTRA_BIN, ...args],
      { cwd: options.cwd, env: options.env ?? cleanEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function tempWorkspace(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-report-e2e-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A plan of command tasks that, after `orchestra run --only setup`, gives one run with every
 * outcome: setup cached, flaky retried then succeeded, broken failed, after-broken skipped,
 * fine succeeded.
 */
export const MIXED_PLAN = {
  'orchestra.config.yaml': `version: 1
name: mixed
concurrency: 4
defaults:
  agent: command
tasks:
  setup:
    run: [node, -e, "require('fs').writeFileSync('setup.txt', 'ready')"]
    outputs: [setup.txt]
  flaky:
    run: [node, flaky.js]
    outputs: [.flaky-tried]
    retries: 1
    dependsOn: [setup]
  broken:
    run: [node, -e, "console.error('boom: the widget is missing'); process.exit(3)"]
    dependsOn: [setup]
  after-broken:
    run: [node, -e, "0"]
    dependsOn: [broken]
  fine:
    run: [node, -e, "setTimeout(() => {}, 200)"]
    dependsOn: [flaky]
`,
  // Fails on its first attempt, succeeds on the next.
  'flaky.js': `const fs = require('node:fs');
if (!fs.existsSync('.flaky-tried')) { fs.writeFileSync('.flaky-tried', '1'); console.error('first try fails'); process.exit(1); }
`,
};
