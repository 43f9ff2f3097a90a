import { describe, expect, it } from 'vitest';
import { eventLines } from './event-lines.ts';
import { errorAnnotation } from './github-actions.ts';
import { applyEvent, emptyRunView } from './run-view.ts';
import { plainStyle } from './terminal-style.ts';
import { id, sampleRun } from './sample-events.test-helper.ts';

describe('plain event lines', () => {
  it('prints one line per event, without control codes, and the tail of a failure', () => {
    const view = emptyRunView();
    const out: string[] = [];
    for (const event of sampleRun()) out.push(...eventLines(event, applyEvent(view, event), plainStyle));
    const text = out.join('\n');
    expect(text).not.toMatch(/\u001B/);
    expect(out).toContain('orchestra: running demo: 5 tasks, concurrency 2, eager');
    expect(out).toContain('= lint cached: inputs unchanged since run r0');
    expect(out).toContain('ok html succeeded in 1.0s ($0.0200, 3.5k tokens)');
    expect(out).toContain('x styling failed: exit code 1');
    expect(out).toContain('    boom');
    expect(out).toContain('    log: .orchestra/logs/styling/1.log');
    expect(out).toContain('- check skipped: dependency styling failed');
    expect(out).toContain('~ logic attempt 1 failed: node --test failed; retrying in 500ms');
    expect(out).toContain('ok logic succeeded in 5.0s on attempt 2 ($0.15, 3.5k tokens)');
    expect(out).toContain('> logic started (attempt 2)');
  });

  it('escapes GitHub annotations', () => {
    const line = errorAnnotation(id('a'), { reason: 'exit-non-zero', message: '50% done: bad', detail: 'x\ny' });
    expect(line).toBe('::error title=orchestra%3A task a failed::50%25 done: bad%0Ax%0Ay');
    const placed = errorAnnotation(id('a'), { reason: 'exit-non-zero', message: 'bad' }, { file: 'plans/a,b.yaml', line: 7 });
    expect(placed).toBe('::error file=plans/a%2Cb.yaml,line=7,title=orchestra%3A task a failed::bad');
  });
});
