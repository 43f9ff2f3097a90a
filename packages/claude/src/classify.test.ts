import { describe, expect, it } from 'vitest';
import { classifyAttempt, isUnknownSession, type AttemptFacts } from './classify.ts';
import { evidenceOf } from './read-transcript.test-util.ts';
import { emptyEvidence, type StreamEvidence } from './stream-evidence.ts';
import type { ResultMessage } from './stream-line.ts';

const NOW = Date.UTC(2026, 10, 24, 20, 0, 0);
const facts = (evidence: StreamEvidence, extra: Partial<AttemptFacts> = {}): AttemptFacts => ({
  evidence,
  exitCode: evidence.result?.isError ? 1 : 0,
  stderrTail: '',
  now: NOW,
  ...extra,
});

const apiErrorResult = (fields: Partial<ResultMessage>): StreamEvidence => ({
  ...emptyEvidence(),
  result: { subtype: 'success', isError: true, errors: [], permissionDenials: [], terminalReason: 'api_error', ...fields },
});

describe('classifyAttempt on transcripts recorded from the real CLI', () => {
  // [file, reason (or 'ok'), a fragment of the message]
  const table: Array<[string, string, string]> = [
    ['success-write.jsonl', 'ok', ''],
    ['max-turns.jsonl', 'max-turns', 'Reached maximum number of turns (2)'],
    ['max-budget.jsonl', 'budget', 'Reached maximum budget'],
    ['api-529.jsonl', 'transient', '529'],
    ['api-500.jsonl', 'transient', '500'],
    ['rate-limit-429.jsonl', 'transient', '429'],
    ['connection-refused.jsonl', 'transient', 'Connection refused'],
    ['api-401.jsonl', 'auth', 'Invalid API key'],
    ['billing-403.jsonl', 'auth', 'Credit balance is too low'],
    ['not-logged-in.jsonl', 'auth', 'Not logged in'],
    ['usage-limit-oauth.jsonl', 'usage-limit', "You've hit your 5-hour limit"],
    ['resume-unknown.jsonl', 'exit-non-zero', 'No conversation found'],
  ];
  it.each(table)('%s -> %s', (file, reason, fragment) => {
    const verdict = classifyAttempt(facts(evidenceOf(file)));
    if (reason === 'ok') {
      expect(verdict).toEqual({ ok: true });
      return;
    }
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.failure.reason).toBe(reason);
    expect(verdict.failure.message).toContain(fragment);
  });

  it('gives the usage limit reset as a delay from the stream (rate_limit_event / api_error_params)', () => {
    const evidence = evidenceOf('usage-limit-oauth.jsonl');
    const resetsAt = evidence.rateLimit?.resetsAt;
    expect(resetsAt).toBeGreaterThan(0);
    const verdict = classifyAttempt(facts(evidence, { now: (resetsAt ?? 0) * 1000 - 90_000 }));
    expect(verdict.ok ? undefined : verdict.failure.retryAfterMs).toBe(90_000);
  });

  it('tells people how to fix authentication, once', () => {
    const verdict = classifyAttempt(facts(evidenceOf('api-401.jsonl')));
    expect(verdict.ok ? '' : verdict.failure.message).toMatch(/ANTHROPIC_API_KEY.*claude \/login/);
  });

  it('recognises a resume of an unknown session', () => {
    expect(isUnknownSession({ evidence: evidenceOf('resume-unknown.jsonl'), stderrTail: '' })).toBe(true);
    expect(isUnknownSession({ evidence: evidenceOf('api-529.jsonl'), stderrTail: '' })).toBe(false);
  });
});

describe('classifyAttempt on synthetic cases', () => {
  const table: Array<[string, StreamEvidence, Partial<AttemptFacts>, string]> = [
    ['529 by status', apiErrorResult({ apiErrorStatus: 529, text: 'API Error: 529 Overloaded' }), {}, 'transient'],
    ['503', apiErrorResult({ apiErrorStatus: 503, text: 'API Error: 503' }), {}, 'transient'],
    ['timeout without status', apiErrorResult({ apiErrorStatus: null, text: 'Request timed out. Check your connection' }), {}, 'transient'],
    ['403 permission', apiErrorResult({ apiErrorStatus: 403, text: 'OAuth token has been revoked' }), {}, 'auth'],
    ['usage limit, old message format', apiErrorResult({ text: 'Claude AI usage limit reached|1795556662' }), {}, 'usage-limit'],
    ['prompt too long', apiErrorResult({ apiErrorStatus: 400, terminalReason: 'prompt_too_long', text: 'Prompt is too long' }), {}, 'exit-non-zero'],
    ['400 other', apiErrorResult({ apiErrorStatus: 400, text: 'API Error: 400 bad' }), {}, 'exit-non-zero'],
    ['no result line', emptyEvidence(), { exitCode: 3, stderrTail: 'boom\nSegfault at 0x0' }, 'no-result'],
    ['killed by a signal', emptyEvidence(), { exitCode: null, exitSignal: 'SIGKILL' }, 'no-result'],
    ['timed out by orchestra', emptyEvidence(), { aborted: 'timed-out' }, 'timed-out'],
    ['interrupted by orchestra', emptyEvidence(), { aborted: 'interrupted' }, 'interrupted'],
    ['root without IS_SANDBOX', emptyEvidence(), { exitCode: 1, stderrTail: '--dangerously-skip-permissions cannot be used with root/sudo privileges' }, 'exit-non-zero'],
  ];
  it.each(table)('%s', (_name, evidence, extra, reason) => {
    const verdict = classifyAttempt(facts(evidence, extra));
    expect(verdict.ok ? 'ok' : verdict.failure.reason).toBe(reason);
  });

  it('reads the old "usage limit reached|<epoch>" reset time', () => {
    const verdict = classifyAttempt(facts(apiErrorResult({ text: 'Claude AI usage limit reached|1795556662' }), { now: 1795556662_000 - 5000 }));
    expect(verdict.ok ? undefined : verdict.failure.retryAfterMs).toBe(5000);
  });

  it('keeps the stderr tail as detail when there is no result', () => {
    const verdict = classifyAttempt(facts(emptyEvidence(), { exitCode: 3, stderrTail: 'boom\nlast words' }));
    expect(verdict.ok ? undefined : verdict.failure).toMatchObject({ message: 'claude exited with code 3 without a result: last words', detail: 'boom\nlast words' });
  });
});
