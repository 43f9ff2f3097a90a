import { describe, expect, it } from 'vitest';
import { describeLine } from './describe-line.ts';
import { parseStreamLine } from './stream-line.ts';

const assistant = (content: unknown[]): string => JSON.stringify({ type: 'assistant', message: { content }, session_id: 's' });
const tool = (name: string, input: Record<string, unknown>): string => assistant([{ type: 'tool_use', id: 't', name, input }]);
const describe1 = (line: string): string | undefined => describeLine(parseStreamLine(line), '/w');

describe('describeLine', () => {
  it.each([
    [tool('Write', { file_path: '/w/src/x.ts', content: '...' }), 'Write src/x.ts'],
    [tool('Read', { file_path: 'a.txt' }), 'Read a.txt'],
    [tool('Edit', { file_path: '/elsewhere/b.ts' }), 'Edit /elsewhere/b.ts'],
    [tool('Bash', { command: 'npm test\nnpm run lint' }), 'Bash npm test'],
    [tool('Grep', { pattern: 'TODO' }), 'Grep TODO'],
    [tool('TodoWrite', { todos: [] }), 'TodoWrite'],
    [assistant([{ type: 'text', text: '\nI will now write the file.\nMore.' }]), 'I will now write the file.'],
    ['{"type":"system","subtype":"api_retry","attempt":1,"max_retries":2,"error_status":529,"error":"overloaded"}', 'retrying after API 529 overloaded (1/2)'],
    ['{"type":"system","subtype":"api_retry","attempt":2,"error_status":null}', 'retrying after connection error (2)'],
    ['{"type":"system","subtype":"init","model":"claude-opus-5-5"}', 'started (claude-opus-5-5)'],
  ])('%s', (line, message) => expect(describe1(line)).toBe(message));

  it('says nothing for lines without news', () => {
    expect(describe1('garbage')).toBeUndefined();
    expect(describe1('{"type":"user","message":{}}')).toBeUndefined();
    expect(describe1(assistant([{ type: 'thinking', thinking: '' }]))).toBeUndefined();
    expect(describe1('{"type":"result","subtype":"success","is_error":false}')).toBeUndefined();
  });

  it('shortens a long text to one line', () => {
    expect(describe1(assistant([{ type: 'text', text: 'y'.repeat(200) }]))?.length).toBe(80);
  });
});
