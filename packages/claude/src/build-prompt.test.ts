import { describe, expect, it } from 'vitest';
import { asTaskId } from '@orchestra/core';
import { buildPrompt, type PromptInput } from './build-prompt.ts';

const task: PromptInput['task'] = {
  id: asTaskId('logic'),
  prompt: 'Create script.js with conversion functions.\n',
  outputs: ['script.js'],
  verify: [['node', '--test'], 'npm run lint'],
};
const dependencies = [
  { id: asTaskId('styling'), outputs: ['styles.css'] },
  { id: asTaskId('html'), description: 'Create HTML structure', outputs: ['index.html'] },
];

describe('buildPrompt', () => {
  it('states the task, the files to produce, what earlier tasks did, and the checks', () => {
    expect(buildPrompt({ task, dependencies, resumed: false })).toBe(
      [
        'Create script.js with conversion functions.',
        '',
        '## Files this task must produce',
        'Paths are relative to the current working directory. Create every one of them:',
        '- script.js',
        '',
        '## Already done by earlier tasks',
        'Build on their files; do not redo them:',
        '- html: Create HTML structure (produced index.html)',
        '- styling (produced styles.css)',
        '',
        '## Acceptance checks',
        'When you finish, these commands must succeed:',
        '- `node --test`',
        '- `npm run lint`',
      ].join('\n'),
    );
  });

  it('is only the prompt for a task without outputs, dependencies or checks', () => {
    expect(buildPrompt({ task: { ...task, outputs: [], verify: [] }, dependencies: [], resumed: false })).toBe(
      'Create script.js with conversion functions.',
    );
  });

  it('adds the verify output to a fresh retry', () => {
    const text = buildPrompt({
      task,
      dependencies: [],
      resumed: false,
      previousFailure: { reason: 'verify-failed', message: 'verify `node --test` exited with code 1', detail: 'not ok 1 - converts cups\n```' },
    });
    expect(text.startsWith('Create script.js')).toBe(true);
    expect(text).toContain('## The previous attempt failed its acceptance check');
    // the fence is longer than any backtick run inside the output
    expect(text).toContain('````\nnot ok 1 - converts cups\n```\n````');
  });

  it('writes a follow-up message when the session is resumed', () => {
    const text = buildPrompt({ task, dependencies, resumed: true, previousFailure: { reason: 'interrupted', message: 'Interrupted.' } });
    expect(text.startsWith('## The previous attempt was cut short\nInterrupted.')).toBe(true);
    expect(text).toContain('The task (unchanged):\nCreate script.js');
  });

  it('clips a huge verify output to its tail', () => {
    const detail = `${'x'.repeat(10_000)}END`;
    const text = buildPrompt({ task, dependencies: [], resumed: true, previousFailure: { reason: 'verify-failed', message: 'failed', detail } });
    expect(text).toContain('[...]');
    expect(text).toContain('END');
    expect(text.length).toBeLessThan(6000);
  });
});
