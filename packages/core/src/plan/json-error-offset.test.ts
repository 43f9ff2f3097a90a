import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error-offset.ts';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The offset JSON.parse's message names ("at position N"), when it names one. */
const positionNamed = (text: string): number | undefined => {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error: unknown) {
    const at = / at position (\d+)/.exec((error as Error).message);
    return at ? Number(at[1]) : undefined;
  }
};

describe('jsonErrorOffset', () => {
  it('finds the first character JSON does not allow there, or the end of a text that ends too soon', () => {
    expect(jsonErrorOffset('{"version": 1, "tasks": {}}')).toBe(-1);
    expect(jsonErrorOffset('{\n  "version": 1,\n  "tasks": {},\n}\n')).toBe(33); // the "}" after a trailing comma
    expect(jsonErrorOffset('{"a": tru}')).toBe(9); // the "}", where JSON.parse says it
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": [1, 2')).toBe(11);
    expect(jsonErrorOffset('"\\q"')).toBe(2);
    expect(jsonErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(-1);
  });

  it('agrees with JSON.parse on what is JSON, over 20,000 mutations of a plan', () => {
    const base = JSON.stringify({ version: 1, name: 'x', tasks: { a: { prompt: 'p\n"q"', dependsOn: ['b'], retries: 2, timeout: 1.5e3 }, b: { run: ['true'], ok: true, no: null } } }, null, 1);
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '1', '-', '.', 'e', 't', 'n', 'u', '0', '\u0001', 'x'];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 20_000; round++) {
      let text = base;
      for (let edits = 1 + rand(3); edits > 0; edits--) {
        const at = rand(text.length + 1);
        const kind = rand(3);
        const piece = pieces[rand(pieces.length)]!;
        text = kind === 0 ? text.slice(0, at) + text.slice(at + 1) : kind === 1 ? text.slice(0, at) + piece + text.slice(at) : text.slice(0, at) + piece + text.slice(at + 1);
      }
      const offset = jsonErrorOffset(text);
      expect(offset === -1, text).toBe(parses(text));
      // Where V8 names the place, the same place.
      const named = positionNamed(text);
      if (named !== undefined) expect(offset, text).toBe(named);
    }
  });
});
