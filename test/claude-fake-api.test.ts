// The fake Anthropic API speaks the wire format the real CLI accepts (PROTOCOL.md §4). The real CLI
// against it is covered by claude-e2e.test.ts; this checks the format and the scenario rules directly.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from './fixtures/fake-api/start-fake-api.ts';
import type { FakeScenario } from './fixtures/fake-api/scenario.ts';

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const body = (prompt: string, turns = 0, stream = true) => ({
  model: 'claude-opus-5-5',
  stream,
  messages: [
    { role: 'user', content: [{ type: 'text', text: '<system-reminder>x</system-reminder>' }, { type: 'text', text: prompt }] },
    { role: 'system', content: '# Environment' },
    ...Array.from({ length: turns }, () => [
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
    ]).flat(),
  ],
});

async function call(scenario: FakeScenario | undefined, payload: unknown): Promise<Response> {
  api ??= await startFakeApi({ scenario: scenario ?? { rules: [] } });
  return fetch(`${api.url}/v1/messages?beta=true`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
}

function parseSse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      return { event: eventLine?.replace('event: ', '') ?? '', data: JSON.parse(dataLine?.replace('data: ', '') ?? '{}') as Record<string, unknown> };
    });
}

describe('fake Anthropic API', () => {
  const scenario: FakeScenario = {
    rules: [
      { prompt: 'write', turn: 0, reply: { text: 'Writing.', tools: [{ name: 'Write', input: { file_path: 'a.txt', content: 'hi\n' } }] } },
      { prompt: 'write', turn: 1, reply: { text: 'Written.' } },
      { prompt: 'flaky', times: 2, error: { status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfter: 1 } },
      { prompt: 'flaky', reply: { text: 'Fine now.' } },
    ],
  };

  it('streams every event the CLI needs, with the tool input split into JSON pieces', async () => {
    const res = await call(scenario, body('please write a.txt'));
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const events = parseSse(await res.text());
    for (const e of events) expect(e.data.type).toBe(e.event);
    expect(events.map((e) => e.event)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    const json = events.filter((e) => (e.data.delta as { type?: string } | undefined)?.type === 'input_json_delta').map((e) => (e.data.delta as { partial_json: string }).partial_json).join('');
    expect(JSON.parse(json)).toEqual({ file_path: 'a.txt', content: 'hi\n' });
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } });
    expect(events[0]?.data).toMatchObject({ message: { model: 'claude-opus-5-5', usage: { input_tokens: 100 } } });
  });

  it('keys on the turn index: the number of assistant messages', async () => {
    const events = parseSse(await (await call(scenario, body('please write a.txt', 1))).text());
    expect(events.find((e) => e.event === 'content_block_delta')?.data).toMatchObject({ delta: { text: 'Written.' } });
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'end_turn' } });
    expect(api?.requests.at(-1)?.key).toMatchObject({ prompt: 'please write a.txt', turn: 1 });
  });

  it('answers stream:false with one JSON message', async () => {
    const message = (await (await call(scenario, body('please write a.txt', 0, false))).json()) as Record<string, unknown>;
    expect(message).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'tool_use', usage: { input_tokens: 100, output_tokens: 20 } });
    expect((message.content as Array<{ type: string; input?: unknown }>)[1]).toMatchObject({ type: 'tool_use', input: { file_path: 'a.txt', content: 'hi\n' } });
  });

  it('returns scripted errors for the first N calls, then falls through', async () => {
    const first = await call(scenario, body('flaky one'));
    expect(first.status).toBe(529);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect((await call(scenario, body('flaky one'))).status).toBe(529);
    const third = await call(scenario, body('flaky one'));
    expect(third.status).toBe(200);
    expect(await third.text()).toContain('Fine now.');
    expect(api?.requests.map((r) => r.status)).toEqual([529, 529, 200]);
  });

  it('falls back to "Done." when no rule matches', async () => {
    expect(await (await call({ rules: [] }, body('anything'))).text()).toContain('"text":"Done."');
    expect(api?.requests[0]?.rule).toBe(-1);
  });
});
