// Before any task starts, orchestra checks that Claude Code can run: a missing CLI or missing credentials
// is one clear message (exit 2, nothing started); bypassPermissions is announced at the start.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './claude-support/real-claude.ts';
import { runOrchestra } from './claude-support/run-orchestra.ts';

const FAKE_CLAUDE = fileURLToPath(new URL('./fixtures/fake-claude/claude', import.meta.url));
const PLAN = `version: 1
name: preflight
tasks:
  a:
    prompt: do a
  b:
    prompt: do b
    permissionMode: bypassPermissions
  c:
    prompt: do c
    dependsOn: [a]
`;

function workspace(): { root: string; home: string } {
  const root = tempDir('orchestra-preflight-');
  writeFileSync(path.join(root, 'orchestra.config.yaml'), PLAN);
  return { root, home: tempDir('orchestra-preflight-home-') };
}
const basePath = `${path.dirname(process.execPath)}:/usr/bin:/bin`;

describe('claude preflight through orchestra run', () => {
  it('refuses the run once, before any task, when the CLI is missing', async () => {
    const { root, home } = workspace();
    const run = await runOrchestra(['run', '--json'], root, { PATH: basePath, HOME: home, ANTHROPIC_API_KEY: 'sk-test-123456' });
    expect(run.code).toBe(2);
    expect(run.stderr.match(/Claude Code CLI not found/g)).toHaveLength(1);
    expect(run.stderr).toContain('npx nx run orchestra:execute:demo');
    // Not even queued: the refusal is the one thing said.
    expect(run.events.filter((e) => String(e.type).startsWith('task-'))).toEqual([]);
  });

  it('refuses the run once when Claude Code has no credentials', async () => {
    const { root, home } = workspace();
    const run = await runOrchestra(['run', '--json'], root, { PATH: basePath, HOME: home, ORCHESTRA_CLAUDE_PATH: FAKE_CLAUDE });
    expect(run.code).toBe(2);
    expect(run.stderr.match(/Claude Code has no credentials/g)).toHaveLength(1);
    expect(run.stderr).toContain('claude` once and /login');
    expect(run.events.filter((e) => String(e.type).startsWith('task-'))).toEqual([]);
  });

  it('says at the start that a task bypasses permissions, then runs', async () => {
    const { root, home } = workspace();
    const run = await runOrchestra(['run', '--json'], root, { PATH: basePath, HOME: home, ORCHESTRA_CLAUDE_PATH: FAKE_CLAUDE, ANTHROPIC_API_KEY: 'sk-test-123456' });
    expect(run.code, run.stderr).toBe(0);
    const warning = run.events.findIndex((e) => e.type === 'warning' && String(e.message).includes('bypassPermissions'));
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(run.events.findIndex((e) => e.type === 'task-started'));
  });
});
