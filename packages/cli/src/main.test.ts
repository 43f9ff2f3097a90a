import { PassThrough } from 'node:stream';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await main(argv, { stdout: out, stderr: err, env: {}, cwd: os.tmpdir() });
  return { code, stdout, stderr };
}

describe('main', () => {
  it('suggests the command a typo was meant to be', async () => {
    const r = await cli('rnu');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "rnu". Did you mean "run"?');
    expect((await cli('stauts')).stderr).toContain('Did you mean "status"?');
    expect((await cli('zzzzzz')).stderr).not.toContain('Did you mean');
  });

  it('prints the version and the top help listing every command', async () => {
    expect((await cli('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const name of ['run', 'plan', 'status', 'explain', 'graph', 'reset', 'validate', 'draft']) expect(help.stdout).toContain(`  ${name} `);
  });
});
