// The subset reader must give exactly what js-yaml gives, or nothing: checked on plans written in
// every style the subset covers, on tricky scalars, and on thousands of mutations of those texts.
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load, parseEvents } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../graph/random-dag.ts';
import { taskKeyOffsets } from './fast-parse-yaml.ts';
import { parseYamlSubset, type SubsetParsed } from './yaml-subset.ts';

type Random = () => number;
const pick = <T,>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** js-yaml's value, or `error` when it refuses the text. */
function jsYaml(text: string): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch {
    return 'error';
  }
}

const TRICKY = [
  '1_000', '0b101', '+12', '012', '0o17', '0x1F', '1e3', '.5', '1.', '-.inf', '.NaN', 'Yes', 'no', '~', 'NULL', 'Null', '1:20', '-0', '00', '+0',
  '9007199254740993', '123456789012345', '1.0', 'true', 'False', 'TRUE', 'y', '2001-12-14', '-x', '--test', ':x', '?x', 'a[b]', 'a#b', 'a: b', 'a:b',
  'x #c', '<<', '__proto__', 'constructor', 'toString', 'é', '日本', 'Bash(npm test:*)', 'src/**/*.ts', '@scope/pkg', '%x', '`x`', '!x', '&x', '*x',
  '|', '>', '-', '?', ':', '#', 'a,b', 'a]', '{a}', 'tab\there', ' lead', 'trail ', '"', "'", 'null', '',
];

const ORDINARY = ['Write index.html', 'src/**/*.ts', 'npm test', 'node', '--test', 'a.txt', 'sonnet', '90s', '3', 'build-ui', 'Read', 'x'];
/** Mostly ordinary values, sometimes tricky ones. */
const value = (random: Random): string => (random() < 0.15 ? pick(random, TRICKY) : pick(random, ORDINARY));

/** A scalar written in one of the styles YAML allows for it (some of which the subset leaves to js-yaml). */
function scalar(random: Random, value: string, indent: number): string {
  const style = random();
  if (style < 0.45) return value;
  if (style < 0.6) return `'${value.replaceAll("'", "''")}'`;
  if (style < 0.8) return JSON.stringify(value);
  if (style < 0.9) return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replace('e', '\\u0065')}"`;
  const pad = ' '.repeat(indent + 2);
  const header = pick(random, ['|', '|-', '|+', '>', '>-', '>+']);
  const lines = [value, ...(random() < 0.5 ? ['second line', '', 'after an empty line'] : []), ...(random() < 0.3 ? ['  more indented'] : [])];
  return `${header}${random() < 0.2 ? ' # note' : ''}\n${lines.map((line) => (line === '' ? '' : pad + line)).join('\n')}${random() < 0.3 ? '\n' : ''}`;
}

function flowValue(random: Random, depth: number): string {
  const kind = random();
  if (depth < 2 && kind < 0.3) return `[${Array.from({ length: Math.floor(random() * 3) }, () => flowValue(random, depth + 1)).join(pick(random, [', ', ',']))}]`;
  if (depth < 2 && kind < 0.45) {
    const keys = ['a', 'b c', '"q"', 'maxCostUsd'].slice(0, 1 + Math.floor(random() * 3));
    return `{${keys.map((k) => `${k}: ${flowValue(random, depth + 1)}`).join(', ')}}`;
  }
  const item = value(random);
  return random() < 0.5 ? item : JSON.stringify(item);
}

/** A plan-like document: block mappings of tasks with fields in every style, comments, blank lines. */
function document(random: Random): string {
  const lines: string[] = [];
  if (random() < 0.3) lines.push('# a plan');
  lines.push(`version: ${pick(random, ['1', '"1"', '1 # the format', '01'])}`);
  if (random() < 0.3) lines.push(`name: ${scalar(random, pick(random, ['demo', 'my plan', 'x: y', 'a#b']), 0)}`);
  if (random() < 0.3) lines.push('defaults:', `  model: ${scalar(random, 'sonnet', 2)}`, `  allowedTools: ${flowValue(random, 0)}`);
  lines.push('tasks:');
  const tasks = 1 + Math.floor(random() * 4);
  for (let t = 0; t < tasks; t++) {
    const id = pick(random, ['html', 'build-ui', 'test.unit', 't0001', '"quoted id"', "'single'", 'a b', 'x:y']);
    lines.push(`  ${id}:${random() < 0.1 ? ' # task' : ''}`);
    if (random() < 0.2) lines.push('');
    const fields = ['prompt', 'run', 'dependsOn', 'outputs', 'verify', 'description', 'timeout', 'retries'];
    for (const field of fields) {
      if (random() < 0.5) continue;
      const form = random();
      if (form < 0.35) lines.push(`    ${field}: ${scalar(random, value(random), 4)}`);
      else if (form < 0.65) lines.push(`    ${field}: ${flowValue(random, 0)}`);
      else {
        lines.push(`    ${field}:`);
        const pad = random() < 0.5 ? '    ' : '      ';
        for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
          lines.push(`${pad}- ${random() < 0.3 ? flowValue(random, 0) : scalar(random, value(random), pad.length)}`);
          if (random() < 0.1) lines.push(`${pad}# between items`);
        }
      }
    }
  }
  return `${lines.join('\n')}${random() < 0.8 ? '\n' : ''}`;
}

/** Makes `count` texts; checks each the reader reads; returns how many it read. */
function eachRead(count: number, text: () => string, check: (text: string, read: SubsetParsed) => void): number {
  let read = 0;
  for (let i = 0; i < count; i++) {
    const t = text();
    const subset = parseYamlSubset(t);
    if (!subset) continue;
    read++;
    check(t, subset);
  }
  return read;
}

const sameAsJsYaml = (text: string, subset: SubsetParsed): void => {
  if (!isDeepStrictEqual(subset.value, jsYaml(text))) expect.fail(`differs from js-yaml on ${JSON.stringify(text)}: ${JSON.stringify(subset.value)}`);
};

describe('parseYamlSubset', () => {
  it('gives what js-yaml gives for the documents it reads, task keys where js-yaml\'s events put them, and reads most plan-like documents', () => {
    const random = seededRandom(3);
    const read = eachRead(2_000, () => document(random), (text, subset) => {
      sameAsJsYaml(text, subset);
      // The offsets js-yaml's path finds (fast-parse-yaml.ts), so positions do not depend on the reader.
      expect([...subset.taskKeyOffsets], text).toEqual([...taskKeyOffsets(parseEvents(text, { maxDepth: 100 }), text)!]);
    });
    expect(read).toBeGreaterThan(300);
  });

  it('reads plain, quoted and block scalars, comments and flow collections as js-yaml does', () => {
    const text = [
      '# comment',
      'version: 1',
      'tasks:',
      '  "build ui":',
      '    prompt: |',
      '      Write it',
      '        carefully # not a comment',
      '',
      '      then stop',
      '    run: [node, --test, "a b", \'c\'\'d\', [nested], {k: v}]  # trailing',
      '    verify:',
      '    - npm test',
      '    - [node, -e, "1"]',
      '    description: >-',
      '      folded',
      '      text',
      '  b: {prompt: x}',
      '',
    ].join('\n');
    const subset = parseYamlSubset(text);
    expect(subset?.value).toEqual(jsYaml(text));
    expect([...subset!.taskKeyOffsets]).toEqual([
      ['build ui', text.indexOf('"build ui"')],
      ['b', text.indexOf('  b:') + 2],
    ]);
  });

  it.each([
    ['keep chomping before a last line of spaces with no line break', 'b: >+\n    x\n    '],
    ['keep chomping at the end of the text', 'k: |+\n  a\n\n'],
    ['clip chomping without a final line break', 'k: |\n  a'],
  ])('reads %s as js-yaml does', (_, text) => {
    expect(parseYamlSubset(text)?.value).toStrictEqual(jsYaml(text));
  });

  it.each([
    ['a comment glued to a block header', 'k: |#\n  x\n'],
    ['characters js-yaml refuses outside quotes (C1 controls, non-characters, lone surrogates)', 'k: a\u0080b\nl: \uffff\nm: \ud800\n'],
    ['flow collections nested thousands deep', `k: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`],
    ['blocks nested deeper than any plan', Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x\n'],
  ])('leaves %s to js-yaml', (_, text) => {
    expect(parseYamlSubset(text)).toBeUndefined();
  });


  it('never gives a value js-yaml would not give, however the text is mutated', () => {
    const PIECES = ['\n', ' ', ':', '-', '[', ']', '{', '}', '"', "'", '&a ', '*a', '!!str ', '#', 'x', '1', '\t', '..', '/', '?', ',', '|', '>',
      '  ', 'a: b\n', '- ', '"\\t"', '"\\u00e9x"', '\\', "''", '|-\n', '|+\n', '>2\n', ' # c', '\r\n', '\u00a0', '---\n', '...\n', '<<: ', '~', 'null', '0x1', '.5'];
    const random = seededRandom(5);
    const mutated = (): string => {
      let text = document(random);
      for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
        const at = Math.floor(random() * text.length);
        text = random() < 0.5 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3)) : text.slice(0, at) + pick(random, PIECES) + text.slice(at);
      }
      return text;
    };
    const read = eachRead(4_000, mutated, sameAsJsYaml);
    expect(read).toBeGreaterThan(300);
  });
});
