// End to end: the real `orchestra` CLI (bin/orchestra.js on this Node) on plans in temp folders.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORCHESTRA_BIN as BIN } from './support/cli.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/plans/', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-cli-validate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const orchestra = (...args: string[]) => execa(process.execPath, [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
const usePlan = (fixture: string, name = 'orchestra.config.yaml') => copyFile(path.join(FIXTURES, fixture), path.join(dir, name));

describe('orchestra validate', () => {
  it('exits 0 with a one-line summary for a valid plan', async () => {
    await usePlan('valid.yaml');
    const result = await orchestra('validate');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('ok: orchestra.config.yaml is valid: 3 tasks in 3 waves');
    expect(result.exitCode).toBe(0);
  });

  it('exits 2 and lists every problem with file:line:col and a hint, without a stack trace', async () => {
    await usePlan('broken-several.yaml');
    const result = await orchestra('validate');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const located = result.stderr.split('\n').filter((line) => /^orchestra\.config\.yaml:\d+:\d+: error: /.test(line));
    expect(located.map((line) => line.split(': error: ')[0])).toEqual([
      'orchestra.config.yaml:3:3', // html: no prompt
      'orchestra.config.yaml:4:5', // promt
      'orchestra.config.yaml:5:15', // absolute output
      'orchestra.config.yaml:8:17', // htlm
      'orchestra.config.yaml:9:14', // timeout: soon
      'orchestra.config.yaml:10:3', // command without run
    ]);
    expect(result.stderr).toContain('hint: did you mean "prompt"?');
    expect(result.stderr).toContain('hint: did you mean "html"?');
    expect(result.stderr).toMatch(/\n6 errors in orchestra\.config\.yaml$/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('shows warnings but still exits 0', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), 'version: 1\ntasks:\n  a:\n    agent: command\n    run: [make]\n    prompt: Build it\n');
    const result = await orchestra('validate');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      'orchestra.config.yaml:6:5: warning: "prompt" does nothing on command task "a"\n  hint: remove it, or drop `agent: command` to have an agent follow the prompt',
    );
    expect(result.stdout).toBe('ok: orchestra.config.yaml is valid: 1 task in 1 wave');
  });

  it('prints a cycle as its path', async () => {
    await usePlan('broken-cycle.yaml');
    const result = await orchestra('validate');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('orchestra.config.yaml:5:17: error: dependency cycle: a → c → b → a');
  });

  it('--json gives the diagnostics as data', async () => {
    await usePlan('broken-cycle.yaml');
    const result = await orchestra('validate', '--json');
    expect(result.exitCode).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, diagnostics: [{ code: 'cycle', line: 5, col: 17, severity: 'error' }] });
  });

  it('finds the plan from a subfolder, and takes --config', async () => {
    await usePlan('valid.yaml', 'release.yaml');
    const missing = await orchestra('validate');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/error: no orchestra\.config\.yaml, orchestra\.config\.yml, orchestra\.config\.json in /);
    expect(missing.stderr).toContain('hint: create orchestra.config.yaml');
    const given = await orchestra('validate', '--config', 'release.yaml');
    expect(given.exitCode).toBe(0);
    expect(given.stdout).toContain('release.yaml is valid');
  });

  it('has help that shows usage, options and an example', async () => {
    const result = await orchestra('validate', '--help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: orchestra validate [--config PATH] [--json]');
    expect(result.stdout).toContain('Examples:');
  });
});

describe('orchestra plan', () => {
  it('prints the waves task by task, with dependencies and outputs', async () => {
    await usePlan('valid.yaml');
    const result = await orchestra('plan');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('sample (orchestra.config.yaml): 3 tasks in 3 waves, concurrency 4, schedule eager');
    expect(result.stdout).toContain(
      ['wave 1', '    html     claude   Write the page', '             writes   index.html', '             locks    page', ''].join('\n'),
    );
    expect(result.stdout).toContain(['wave 3', '    check    command', '             after    html, styling'].join('\n'));
  });

  it('--json prints waves and tasks', async () => {
    await usePlan('valid.yaml');
    const result = await orchestra('plan', '--json', '--concurrency', '2');
    expect(result.exitCode).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view.waves).toEqual([['html'], ['styling'], ['check']]);
    expect(view.concurrency).toBe(2);
    expect(view.tasks.check).toEqual({ agent: 'command', dependsOn: ['html', 'styling'], inputs: [], outputs: [], locks: [] });
    expect(view.tasks.html).toMatchObject({ description: 'Write the page', outputs: ['index.html'] });
  });

  it('exits 2 on an invalid plan, and on a bad --concurrency', async () => {
    await usePlan('broken-cycle.yaml');
    const invalid = await orchestra('plan');
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('error: dependency cycle');
    expect(invalid.stderr).not.toContain('    at ');
    await writeFile(path.join(dir, 'orchestra.config.yaml'), 'version: 1\ntasks: {a: {prompt: x}}\n');
    const usage = await orchestra('plan', '--concurrency', '0');
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('--concurrency must be a whole number of at least 1, not "0"');
  });

  it('has help that shows usage, options and an example', async () => {
    const result = await orchestra('plan', '--help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: orchestra plan [--config PATH] [--json] [--concurrency N]');
    expect(result.stdout).toContain('orchestra plan --json');
  });
});
