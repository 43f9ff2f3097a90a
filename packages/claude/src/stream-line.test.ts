import { describe, expect, it } from 'vitest';
import { evidenceOf } from './read-transcript.test-util.ts';
import { emptyEvidence, foldStreamLine } from './stream-evidence.ts';
import { parseStreamLine } from './stream-line.ts';

describe('parseStreamLine', () => {
  it('tolerates garbage, non-objects and unknown line types', () => {
    expect(parseStreamLine('Warning: something')).toEqual({ kind: 'garbage', text: 'Warning: something' });
    expect(parseStreamLine('[1,2]').kind).toBe('garbage');
    expect(parseStreamLine('{"no":"type"}').kind).toBe('garbage');
    expect(parseStreamLine('{"type":"result"')).toMatchObject({ kind: 'garbage' });
    expect(parseStreamLine('{"type":"brand_new","session_id":"s"}')).toEqual({ kind: 'other', type: 'brand_new', sessionId: 's' });
    expect(parseStreamLine('{"type":"system","subtype":"hook"}')).toMatchObject({ kind: 'other', type: 'system/hook' });
  });

  it('reads a result line with missing and odd fields without throwing', () => {
    const line = parseStreamLine('{"type":"result","subtype":"success","is_error":false,"total_cost_usd":"free","errors":[1,"e"]}');
    expect(line).toMatchObject({ kind: 'result', result: { subtype: 'success', isError: false, totalCostUsd: undefined, errors: ['e'] } });
  });

  it('reads a whole successful transcript of the real CLI', () => {
    const evidence = evidenceOf('success-write.jsonl');
    expect(evidence.result).toMatchObject({
      subtype: 'success',
      isError: false,
      numTurns: 2,
      totalCostUsd: 0.0016,
      usage: { inputTokens: 200, outputTokens: 40, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
      terminalReason: 'completed',
      permissionDenials: [],
    });
    expect(evidence.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(evidence.version).toBe('2.1.331');
    expect(evidence.lastText).toBe('Done writing.');
    expect(evidence.garbageLines).toBe(0);
  });

  it("records the CLI's own retries", () => {
    const evidence = evidenceOf('api-529.jsonl');
    expect(evidence.retries.map((r) => r.status)).toEqual([529, 529]);
    expect(evidence.apiError).toMatchObject({ error: 'server_error', status: 529 });
  });

  it('counts garbage lines instead of failing', () => {
    const evidence = ['not json', '{"type":"system","subtype":"init","session_id":"s1"}', '\u0000\u0001'].map(parseStreamLine).reduce(foldStreamLine, emptyEvidence());
    expect(evidence).toMatchObject({ sessionId: 's1', garbageLines: 2 });
  });
});
