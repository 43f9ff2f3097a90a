import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { displayPath, formatDiagnostics, loadPlanOrFail } from './load-plan-or-fail.ts';
import { UserError } from './user-error.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'orchestra-load-or-fail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const io = (): CliIo => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: dir });

describe('loadPlanOrFail', () => {
  it('returns the plan', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), 'version: 1\ntasks: {a: {prompt: x}}\n');
    const plan = await loadPlanOrFail(io());
    expect(plan.taskIds).toEqual(['a']);
  });

  it('throws a UserError (exit 2) listing every problem, relative to cwd, with a count', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), 'version: 1\ntasks:\n  a: {promt: x}\n  b: {prompt: y, dependsOn: [c]}\n');
    const error = await loadPlanOrFail(io()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe(
      [
        'orchestra.config.yaml:3:3: error: claude task "a" has no prompt',
        '  hint: add `prompt: <what the agent should do>`, or make it a plain command with `agent: command` and `run: [...]`',
        'orchestra.config.yaml:3:7: error: unknown key "promt" in task "a"',
        '  hint: did you mean "prompt"?',
        'orchestra.config.yaml:4:30: error: task "b" depends on "c", which is not a task in this plan',
        '  hint: declare a task "c" under tasks, or remove it from dependsOn',
        '3 errors in orchestra.config.yaml',
      ].join('\n'),
    );
  });

  it('accepts the agents the cli registers', async () => {
    await writeFile(path.join(dir, 'orchestra.config.yaml'), 'version: 1\ntasks: {a: {agent: codex, prompt: x}}\n');
    await expect(loadPlanOrFail(io())).rejects.toThrow(/unknown agent "codex"/);
    await expect(loadPlanOrFail(io(), { knownAgents: ['codex'] })).resolves.toMatchObject({ taskIds: ['a'] });
  });
});

describe('formatting', () => {
  it('shows paths relative to cwd when that is shorter', () => {
    expect(displayPath('/a/b/orchestra.config.yaml', '/a/b')).toBe('orchestra.config.yaml');
    expect(displayPath('/a/orchestra.config.yaml', '/a/b')).toBe('../orchestra.config.yaml');
    expect(displayPath('/x.yaml', '/very/deep/folder/tree')).toBe('/x.yaml');
  });

  it('counts one error in the singular, and works without a file', () => {
    expect(formatDiagnostics([{ code: 'config-not-found', message: 'no plan', hint: 'make one' }], '/')).toBe('error: no plan\n  hint: make one\n1 error');
  });
});
