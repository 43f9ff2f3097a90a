import { describe, expect, it } from 'vitest';
import { parseDuration } from './parse-duration.ts';
import { durationPattern } from './schema.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['2h0m5s', 7_205_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(durationPattern.test(text)).toBe(true);
  });

  it('reads numbers as seconds', () => {
    expect(parseDuration(90)).toBe(90_000);
    expect(parseDuration(0.25)).toBe(250);
  });

  it.each(['', '5', '5 min', 'm', '1x', '1h 30m', '-1s', 'abc', '10s!'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('rejects non-finite and negative numbers', () => {
    expect(parseDuration(Number.NaN)).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
