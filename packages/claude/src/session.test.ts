import { describe, expect, it } from 'vitest';
import type { PreviousAttempt } from '@orchestra/core';
import { attemptCost, chooseSession } from './session.ts';

const OLD = '11111111-1111-4111-8111-111111111111';
const NEW = '22222222-2222-4222-8222-222222222222';
const prev = (p: Partial<PreviousAttempt>): PreviousAttempt => ({ attempt: 1, sessionId: OLD, cwd: '/w', sessionCostUsd: 0.0016, ...p });

describe('chooseSession', () => {
  it('starts fresh without a previous attempt', () => {
    expect(chooseSession(undefined, '/w', () => NEW)).toEqual({ mode: 'fresh', sessionId: NEW });
  });
  it.each(['interrupted', 'verify-failed', 'timed-out', 'transient', 'no-result'] as const)('resumes after %s in the same cwd', (reason) => {
    expect(chooseSession(prev({ failure: { reason, message: 'x' } }), '/w', () => NEW)).toEqual({ mode: 'resume', sessionId: OLD });
  });
  it('resumes an attempt that never recorded its end (kill -9)', () => {
    expect(chooseSession(prev({}), '/w', () => NEW)).toEqual({ mode: 'resume', sessionId: OLD });
  });
  it('starts fresh in another working directory', () => {
    expect(chooseSession(prev({ failure: { reason: 'interrupted', message: 'x' } }), '/other', () => NEW).mode).toBe('fresh');
  });
  it.each(['auth', 'budget', 'max-turns', 'spawn-error'] as const)('starts fresh after %s', (reason) => {
    expect(chooseSession(prev({ failure: { reason, message: 'x' } }), '/w', () => NEW).mode).toBe('fresh');
  });
  it('starts fresh when the previous attempt has no session id', () => {
    expect(chooseSession(prev({ sessionId: undefined }), '/w', () => NEW).mode).toBe('fresh');
  });
});

describe('attemptCost', () => {
  it('subtracts the cumulative cost of the resumed session', () => {
    expect(attemptCost(0.0024000000000000002, { mode: 'resume', sessionId: OLD }, prev({}))).toEqual({ costUsd: 0.0008, sessionCostUsd: 0.0024 });
  });
  it('takes the whole figure on a fresh session', () => {
    expect(attemptCost(0.0016, { mode: 'fresh', sessionId: NEW }, prev({}))).toEqual({ costUsd: 0.0016, sessionCostUsd: 0.0016 });
  });
  it('never goes negative, and knows nothing without a figure', () => {
    expect(attemptCost(0.001, { mode: 'resume', sessionId: OLD }, prev({})).costUsd).toBe(0);
    expect(attemptCost(undefined, { mode: 'fresh', sessionId: NEW }, undefined)).toEqual({});
  });
});
