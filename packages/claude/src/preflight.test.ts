import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCredentials } from './credentials.ts';
import { findClaude } from './find-claude.ts';
import { cleanEnv, FAKE_CLAUDE, makePlan, makeTask, tempDir } from './fixtures.test-util.ts';
import { preflightClaude } from './preflight.ts';
import { createVersionProbe } from './version.ts';

const NO_MANAGED = '/nonexistent/managed-settings.json';

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

describe('checkCredentials', () => {
  const check = (env: Record<string, string>, root: string, platform: NodeJS.Platform = 'linux') =>
    checkCredentials({ env, root, platform, managedSettingsFile: NO_MANAGED });

  it.each([
    ['ANTHROPIC_API_KEY', 'sk-x'],
    ['ANTHROPIC_AUTH_TOKEN', 'tok'],
    ['CLAUDE_CODE_OAUTH_TOKEN', 'sk-ant-oat01-x'],
    ['CLAUDE_CODE_USE_BEDROCK', '1'],
    ['CLAUDE_CODE_USE_VERTEX', 'true'],
  ])('finds %s in the environment', async (name, value) => {
    const home = tempDir();
    expect(await check({ HOME: home, [name]: value }, home)).toEqual({ found: true, source: name });
  });

  it('is certain there is nothing on Linux with an empty HOME, and unsure on macOS (Keychain)', async () => {
    const home = tempDir();
    expect(await check({ HOME: home, CLAUDE_CODE_USE_BEDROCK: '0' }, home)).toEqual({ found: false, certain: true });
    expect(await check({ HOME: home }, home, 'darwin')).toEqual({ found: false, certain: false });
  });

  it('finds a `claude /login` in the config folder, also under CLAUDE_CONFIG_DIR', async () => {
    const home = tempDir();
    writeJson(path.join(home, '.claude', '.credentials.json'), { claudeAiOauth: { accessToken: 'x' } });
    expect((await check({ HOME: home }, home)).found).toBe(true);
    const other = tempDir();
    writeJson(path.join(other, 'cfg', '.credentials.json'), { claudeAiOauth: {} });
    expect((await check({ HOME: tempDir(), CLAUDE_CONFIG_DIR: path.join(other, 'cfg') }, other)).found).toBe(true);
  });

  it('finds an oauthAccount in ~/.claude.json', async () => {
    const home = tempDir();
    writeJson(path.join(home, '.claude.json'), { oauthAccount: { emailAddress: 'a@b.c' } });
    expect(await check({ HOME: home }, home)).toEqual({ found: true, source: `a login in ${path.join(home, '.claude.json')}` });
  });

  it('finds an apiKeyHelper or an env block in settings, user or project', async () => {
    const home = tempDir();
    writeJson(path.join(home, '.claude', 'settings.json'), { apiKeyHelper: '~/bin/get-key.sh' });
    expect((await check({ HOME: home }, tempDir())).found).toBe(true);
    const project = tempDir();
    writeJson(path.join(project, '.claude', 'settings.local.json'), { env: { ANTHROPIC_API_KEY: 'sk-y' } });
    expect(await check({ HOME: tempDir() }, project)).toMatchObject({ found: true, source: expect.stringContaining('settings.local.json') });
  });

  it('ignores an unreadable or empty file', async () => {
    const home = tempDir();
    mkdirSync(path.join(home, '.claude'), { recursive: true });
    writeFileSync(path.join(home, '.claude', '.credentials.json'), '{not json');
    writeJson(path.join(home, '.claude.json'), { firstStartTime: 'x' });
    expect((await check({ HOME: home }, home)).found).toBe(false);
  });
});

describe('preflightClaude', () => {
  const task = makeTask({ id: 'build' });
  async function preflight(env: Record<string, string>, claudePath: string | undefined, tasks = [task]) {
    const root = tempDir();
    const plan = makePlan(root, tasks, claudePath ? { claudePath } : {});
    const location = await findClaude({ claudePath, root, env });
    return preflightClaude({ root: plan.root, neededBy: `${tasks.length} task(s)`, tasks, env, location, versions: createVersionProbe(), platform: 'linux', managedSettingsFile: NO_MANAGED });
  }

  it('passes with a CLI and a key', async () => {
    expect(await preflight(cleanEnv(tempDir(), { ANTHROPIC_API_KEY: 'sk-x' }), FAKE_CLAUDE)).toEqual([]);
  });

  it('says how to fix a missing CLI, demo included', async () => {
    const [d, ...rest] = await preflight({ PATH: tempDir(), HOME: tempDir(), ANTHROPIC_API_KEY: 'k' }, undefined);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'agent-not-found', message: expect.stringContaining('no "claude" on PATH') });
    expect(d?.hint).toContain('npx nx run orchestra:execute:demo');
    expect(d?.hint).toContain('ORCHESTRA_CLAUDE_PATH');
  });

  it('names a claudePath that does not exist', async () => {
    const [d] = await preflight(cleanEnv(tempDir(), { ANTHROPIC_API_KEY: 'k' }), './tools/claude');
    expect(d?.message).toContain('"./tools/claude" (claudePath in the plan');
  });

  it('finds the CLI through ORCHESTRA_CLAUDE_PATH, and says how to log in when nothing authenticates', async () => {
    const diagnostics = await preflight(cleanEnv(tempDir(), { ORCHESTRA_CLAUDE_PATH: FAKE_CLAUDE }), undefined);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'agent-credentials', hint: expect.stringContaining('ANTHROPIC_API_KEY') });
    expect(diagnostics[0]?.hint).toContain('/login');
  });

  it('warns, without failing, when the plan bypasses permissions', async () => {
    const risky = makeTask({ id: 'risky', permissionMode: 'bypassPermissions' });
    const diagnostics = await preflight(cleanEnv(tempDir(), { ANTHROPIC_API_KEY: 'k' }), FAKE_CLAUDE, [task, risky]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'permissions-bypassed', severity: 'warning', message: expect.stringContaining('risky') })]);
  });

  it('reports a CLI that does not run', async () => {
    const dir = tempDir();
    const broken = path.join(dir, 'claude');
    writeFileSync(broken, '#!/bin/sh\necho "placeholder: postinstall did not run" >&2\nexit 1\n', { mode: 0o755 });
    const [d] = await preflight(cleanEnv(dir, { ANTHROPIC_API_KEY: 'k' }), broken);
    expect(d).toMatchObject({ code: 'agent-not-found', message: expect.stringContaining('placeholder: postinstall did not run') });
  });
});
