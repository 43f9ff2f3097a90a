// The fast path must agree with the precise one on every valid plan, positions included, and step
// aside for anything it does not handle.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fastParseYaml } from './fast-parse-yaml.ts';
import { parsePlanText, parsePlanTextPrecisely } from './parse-plan-text.ts';

const FILE = '/ws/orchestra.config.yaml';

const VALID: Record<string, string> = {
  block: 'version: 1\n# a comment\ntasks:\n  a:\n    prompt: |\n      Write a.txt\n      carefully\n    outputs: [a.txt]\n  b:\n    prompt: >-\n      folded\n      text\n    dependsOn:\n      - a\n',
  flow: 'version: 1\ntasks: {a: {prompt: x}, "b.c": {prompt: y, dependsOn: [a]}, \'d\': {agent: command, run: "echo hi"}}\n',
  quoted: 'version: 1\ntasks:\n  "build-ui":\n    prompt: "x"\n  \'test.unit\':\n    prompt: \'y\'\n    dependsOn: ["build-ui"]\n',
  json: '{\n  "version": 1,\n  "concurrency": 2,\n  "tasks": {\n    "a": {"prompt": "x", "timeout": 90},\n    "b": {"prompt": "y", "dependsOn": ["a"], "lock": "db"}\n  }\n}\n',
  crlf: 'version: 1\r\ntasks:\r\n  a:\r\n    prompt: x\r\n  b:\r\n    prompt: y\r\n',
  nested: 'version: 1\ndefaults:\n  model: sonnet\n  allowedTools: [Read, "Bash(npm test:*)"]\nname: demo\ntasks:\n  x:\n    prompt: "tasks: not a key"\n    verify: [[node, --test], npm run lint]\n  y: {prompt: z, timeout: 1h30m}\n',
  fixture: readFileSync(new URL('../../../../test/fixtures/plans/valid.yaml', import.meta.url), 'utf8'),
};

describe('fast path', () => {
  it.each(Object.entries(VALID))('gives the same plan as the precise path: %s', (_, text) => {
    const precise = parsePlanTextPrecisely(text, FILE);
    expect(precise.ok).toBe(true);
    expect(fastParseYaml(text, FILE)).toBeDefined();
    expect(parsePlanText(text, FILE)).toEqual(precise);
  });

  it.each([
    ['aliases', 'version: 1\nx: &p {prompt: x}\ntasks:\n  a: *p\n'],
    ['two documents', 'version: 1\ntasks: {a: {prompt: x}}\n---\nversion: 1\n'],
    ['duplicate keys', 'version: 1\ntasks:\n  a: {prompt: x}\n  a: {prompt: y}\n'],
    ['tags', 'version: !!int 1\ntasks: {a: {prompt: x}}\n'],
    ['syntax errors', 'version: 1\ntasks:\n  a: [\n'],
    ['an empty key (null to yaml, "null" to js-yaml)', 'version: 1\ntasks:\n  : {prompt: x}\n'],
    ['a numeric key', 'version: 1\ntasks:\n  1: {prompt: x}\n'],
    ['a key that is a list', 'version: 1\ntasks:\n  [a]: {prompt: x}\n'],
  ])('steps aside for %s', (_, text) => {
    expect(fastParseYaml(text, FILE)).toBeUndefined();
  });

  it('leaves plans with aliases to the precise path, which still loads them', () => {
    const result = parsePlanText('version: 1\nshared: &p Write it\ntasks:\n  a: {prompt: *p}\n', FILE);
    expect(result.ok).toBe(false); // `shared` is not a plan key; the precise path says where
    expect(result.diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([['unknown-key', 2]]);
  });
});

describe('fast path against the precise path on mutated plans', () => {
  // Seeded edits (deletions, YAML punctuation, quotes, escapes, block scalars, aliases, tags,
  // document markers) of a valid plan: whatever the fast path accepts, the precise path must load
  // to the very same result; everything else it must leave alone.
  const PIECES = ['\n', ' ', ':', '-', '[', ']', '{', '}', '"', "'", '&a ', '*a', '!!str ', '#', 'x', '1', '\t', '..', '/', '?', ',', '|', '>',
    '  ', 'a: b\n', '- ', '"\\t"', '"\\u00e9x"', '\\', "''", '|-\n', '|+\n', '>2\n', ' # c', '\r\n', '\u00a0', '---\n', '...\n', '<<: ', '~', 'null'];
  it('agrees on 600 random mutations', () => {
    let seed = 2024;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const base = VALID.fixture!;
    let agreed = 0;
    for (let i = 0; i < 600; i++) {
      let text = base;
      for (let edits = 1 + random(2); edits > 0; edits--) {
        const at = random(text.length);
        text = random(2) === 0 ? text.slice(0, at) + text.slice(at + 1 + random(3)) : text.slice(0, at) + PIECES[random(PIECES.length)] + text.slice(at);
      }
      const result = parsePlanText(text, FILE);
      if (!isDeepStrictEqual(result, parsePlanTextPrecisely(text, FILE))) expect.fail(`fast and precise paths differ on ${JSON.stringify(text)}`);
      if (result.ok) agreed++;
    }
    expect(agreed).toBeGreaterThan(100); // the mutations leave many plans valid, so the fast path is exercised
  });
});
