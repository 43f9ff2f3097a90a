// Receipts through the real CLI: `run --receipts` writes them, `status` in a copy that has only the outputs
// and receipts (what Nx's cache restores) says cached, and `reset` removes them so the task runs again.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, orchestra } from './report-support/cli.ts';

const PLAN = `version: 1
name: receipts
defaults: { agent: command }
tasks:
  make:
    run: [node, -e, "require('fs').appendFileSync('runs.log', 'make\\\\n'); require('fs').mkdirSync('out', { recursive: true }); require('fs').writeFileSync('out/x.txt', require('fs').readFileSync('in.txt', 'utf8'))"]
    inputs: [in.txt]
    outputs: [out/x.txt]
`;

function workspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-receipts-'));
  writeFileSync(path.join(dir, 'orchestra.config.yaml'), PLAN);
  writeFileSync(path.join(dir, 'in.txt'), 'hello');
  return dir;
}
const runs = (dir: string): number => (existsSync(path.join(dir, 'runs.log')) ? readFileSync(path.join(dir, 'runs.log'), 'utf8').split('\n').filter(Boolean).length : 0);
const env = cleanEnv({ CI: '1' });

describe('orchestra run --receipts, status and reset', () => {
  it('carries a success to a copy without state, and reset takes it back', async () => {
    const dir = workspace();
    const first = await orchestra(['run', '--receipts'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(path.join(dir, '.orchestra/receipts/make.json'))).toBe(true);

    // Another machine: the sources, the restored output and receipt, no state.
    const copy = mkdtempSync(path.join(os.tmpdir(), 'orc-receipts-copy-'));
    for (const file of ['orchestra.config.yaml', 'in.txt', 'out/x.txt', '.orchestra/receipts/make.json']) {
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      cpSync(path.join(dir, file), path.join(copy, file));
    }
    const status = await orchestra(['status'], { cwd: copy, env });
    expect(status.stdout).toMatch(/make\s+cached/);
    const explain = await orchestra(['explain', 'make'], { cwd: copy, env });
    expect(explain.stdout).toContain('from .orchestra/receipts/make.json');
    expect(explain.stdout).toContain('nothing changed');
    expect((await orchestra(['run'], { cwd: copy, env })).code).toBe(0);
    expect(runs(copy)).toBe(0);

    // reset means run again, receipt or not.
    const reset = await orchestra(['reset', 'make', '--yes'], { cwd: copy, env });
    expect(reset.code, reset.stderr).toBe(0);
    expect(existsSync(path.join(copy, '.orchestra/receipts/make.json'))).toBe(false);
    expect((await orchestra(['run'], { cwd: copy, env })).code).toBe(0);
    expect(runs(copy)).toBe(1);
  });
});
