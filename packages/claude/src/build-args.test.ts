import { describe, expect, it } from 'vitest';
import { buildClaudeArgs, formatUsd } from './build-args.ts';

const ID = '3f0e5a2c-1111-4222-8333-444455556666';

describe('buildClaudeArgs', () => {
  it('asks for stream-json with the least privilege by default, prompt last after --', () => {
    expect(buildClaudeArgs({ prompt: 'do it', session: { mode: 'fresh', sessionId: ID } })).toEqual([
      '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--session-id', ID, '--', 'do it',
    ]);
  });

  it('passes every agent option', () => {
    const args = buildClaudeArgs({
      prompt: '-starts with a dash',
      session: { mode: 'resume', sessionId: ID },
      model: 'sonnet',
      permissionMode: 'dontAsk',
      allowedTools: ['Read', 'Bash(npm test:*)'],
      disallowedTools: ['WebFetch'],
      maxTurns: 7,
      maxBudgetUsd: 0.25,
      appendSystemPrompt: 'Be brief.',
      addDirs: ['/abs/a', '/abs/b'],
      mcpConfig: '/abs/mcp.json',
    });
    expect(args).toEqual([
      '-p', '--output-format', 'stream-json', '--verbose',
      '--model', 'sonnet',
      '--permission-mode', 'dontAsk',
      '--allowedTools', 'Read', 'Bash(npm test:*)',
      '--disallowedTools', 'WebFetch',
      '--max-turns', '7',
      '--max-budget-usd', '0.25',
      '--append-system-prompt', 'Be brief.',
      '--add-dir', '/abs/a', '/abs/b',
      '--mcp-config', '/abs/mcp.json',
      '--resume', ID,
      '--', '-starts with a dash',
    ]);
  });

  it('leaves out empty lists (a bare variadic flag is a CLI error)', () => {
    const args = buildClaudeArgs({ prompt: 'p', session: { mode: 'fresh', sessionId: ID }, allowedTools: [], addDirs: [] });
    expect(args).not.toContain('--allowedTools');
    expect(args).not.toContain('--add-dir');
  });
});

describe('formatUsd', () => {
  it.each([
    [5, '5'],
    [0.25, '0.25'],
    [0.0024000000000000002, '0.0024'],
    [1e-7, '0.000001'],
    [0, '0.000001'],
  ])('%s -> %s', (amount, text) => expect(formatUsd(amount)).toBe(text));
});
