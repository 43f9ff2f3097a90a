// The fake `claude` of test/fixtures/fake-claude, for a plan's claude tasks under Nx: found through
// ORCHESTRA_CLAUDE_PATH (the workspace's pinned real CLI would win on PATH), with a dummy key so the
// credentials preflight passes, writing `writes` and logging every invocation outside the workspace.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './nx-workspace.ts';

export function fakeClaude(writes: string[], version = '9.9.9-fake') {
  const log = join(mkdtempSync(join(tmpdir(), 'orchestra-fake-claude-')), 'argv.jsonl');
  return {
    env: {
      ORCHESTRA_CLAUDE_PATH: join(REPO, 'test', 'fixtures', 'fake-claude', 'claude'),
      ANTHROPIC_API_KEY: 'sk-ant-test-not-a-key',
      FAKE_CLAUDE_WRITE: writes.join(','),
      FAKE_CLAUDE_ARGV_LOG: log,
      FAKE_CLAUDE_VERSION: version,
    },
    /** How many times the fake ran a prompt (`--version` calls are not counted). */
    invocations(): number {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
      } catch {
        return 0;
      }
    },
  };
}

/** A claude task writing notes.md, then a command task reading it. */
export const CLAUDE_PLAN = `version: 1
name: agents
tasks:
  notes:
    prompt: Write notes.md with three facts about orchestras.
    outputs: [notes.md]
  count:
    agent: command
    run: [node, -e, "require('node:fs').writeFileSync('count.txt', String(require('node:fs').readFileSync('notes.md', 'utf8').length))"]
    dependsOn: [notes]
    inputs: [notes.md]
    outputs: [count.txt]
`;
