// The fast path must agree with the precise one on every valid plan, positions included, and step
// aside for anything it does not handle.
import { readFileSync } from 'node:fs';
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
  ])('steps aside for %s', (_, text) => {
    expect(fastParseYaml(text, FILE)).toBeUndefined();
  });

  it('leaves plans with aliases to the precise path, which still loads them', () => {
    const result = parsePlanText('version: 1\nshared: &p Write it\ntasks:\n  a: {prompt: *p}\n', FILE);
    expect(result.ok).toBe(false); // `shared` is not a plan key; the precise path says where
    expect(result.diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([['unknown-key', 2]]);
  });
});
