// One test per diagnostic kind: the code, where (line:col) and how to fix it (hint).
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostic.ts';
import { parsePlanText } from './parse-plan-text.ts';

const FILE = '/ws/orchestra.config.yaml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function diagnose(text: string | Uint8Array, options?: Parameters<typeof parsePlanText>[2]): Diagnostic[] {
  const result = parsePlanText(text, FILE, options);
  expect(result.ok, 'expected the plan to be invalid').toBe(false);
  return result.diagnostics;
}

/** The one diagnostic with `code`, with its position as `line:col`. */
function one(text: string | Uint8Array, code: Diagnostic['code'], options?: Parameters<typeof parsePlanText>[2]) {
  const found = diagnose(text, options).filter((d) => d.code === code);
  expect(found, `expected exactly one ${code}`).toHaveLength(1);
  const d = found[0]!;
  expect(d.pos?.file).toBe(FILE);
  return { ...d, at: `${d.pos?.line}:${d.pos?.col}` };
}

describe('parsePlanText diagnostics', () => {
  it('yaml-syntax: points at the broken line', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '   bad: 1'), 'yaml-syntax');
    expect(d.at).toBe('5:1');
    expect(d.message).toBe('YAML: All mapping items must start at the same column');
    expect(d.hint).toMatch(/fix the YAML syntax here/);
  });

  it('yaml-syntax: an unclosed quote says to look above', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: "unterminated', '  b: {}'), 'yaml-syntax');
    expect(d.at).toBe('6:1');
    expect(d.hint).toMatch(/opening quote above/);
  });

  it('json-syntax: a .json plan must be JSON (a trailing comma, a missing comma), said in JSON terms', () => {
    const at = (text: string) => {
      const result = parsePlanText(text, '/ws/orchestra.config.json');
      return result.ok ? [] : result.diagnostics.map((d) => [d.code, `${d.pos?.line}:${d.pos?.col}`, d.message]);
    };
    expect(at('{\n  "version": 1,\n  "tasks": {"a": {"prompt": "x"}},\n}\n')).toEqual([['json-syntax', '4:1', 'JSON: Expected double-quoted property name']]);
    expect(at('{\n  "version": 1\n  "tasks": {}\n}\n')).toEqual([['json-syntax', '3:3', "JSON: Expected ',' or '}' after property value"]]);
    expect(at('{"version": 1, "tasks": {"a": {"prompt": "x"}}}')).toEqual([]);
    // V8 gives no position for these: found by the grammar, never past the end of the file.
    expect(at('{\n  "version": 1,\n  "tasks": {"a": {"prompt": tru}}\n}\n')).toEqual([['json-syntax', '3:32', "JSON: Unexpected token '}'"]]);
    expect(at('{"version": 1, "tasks": {}}\n\n}\n')).toEqual([['json-syntax', '3:1', 'JSON: Unexpected non-whitespace character after JSON']]);
    expect(at('{"version": 1, "name": "x')).toEqual([['json-syntax', '1:26', 'JSON: Unterminated string']]);
    // The same text in a YAML file is YAML's to judge: a trailing comma is fine there.
    expect(parsePlanText('{"version": 1, "tasks": {"a": {"prompt": "x"}},}\n', FILE).ok).toBe(true);
  });

  it('yaml-syntax: one document only', () => {
    const d = one(yaml('version: 1', 'tasks: {a: {prompt: x}}', '---', 'version: 1'), 'yaml-syntax');
    expect(d.at).toBe('3:1');
    expect(d.hint).toMatch(/one YAML document/);
  });

  it('not-utf8: names the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('version: 1\ntasks:\n  a:\n    prompt: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const d = one(bytes, 'not-utf8');
    expect(d.at).toBe('4:16');
    expect(d.hint).toMatch(/UTF-8/);
  });

  it('alias-bomb: refuses exponential alias expansion', () => {
    const bomb = yaml(
      'version: 1',
      'x1: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      'x2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'x3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'x4: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'tasks: {a: {prompt: x}}',
    );
    const d = one(bomb, 'alias-bomb');
    expect(d.at).toBe('1:1');
    expect(d.hint).toMatch(/aliases/);
  });

  it('unknown-key: with did-you-mean from the schema', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    promt: Write a.txt'), 'unknown-key');
    expect(d.at).toBe('4:5');
    expect(d.message).toBe('unknown key "promt" in task "a"');
    expect(d.hint).toBe('did you mean "prompt"?');
  });

  it('unknown-key: `depends_on` finds `dependsOn`, and a plan key in a task says where it goes', () => {
    const ds = diagnose(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    depends_on: [b]', '    concurrency: 2', '  b: {prompt: y}'));
    const keys = ds.filter((d) => d.code === 'unknown-key');
    expect(keys.map((d) => [d.pos?.line, d.pos?.col, d.hint])).toEqual([
      [5, 5, 'did you mean "dependsOn"?'],
      [6, 5, '"concurrency" is a plan-level key: move it to the top level of the plan'],
    ]);
  });

  it('unknown-key: lists the allowed keys when nothing is close', () => {
    const d = one(yaml('version: 1', 'budget:', '  dollars: 5', 'tasks: {a: {prompt: x}}'), 'unknown-key');
    expect(d.at).toBe('3:3');
    expect(d.hint).toBe('remove it; allowed here: maxCostUsd');
  });

  it('wrong-type: says what was expected and what was found', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    maxTurns: many'), 'wrong-type');
    expect(d.at).toBe('5:15');
    expect(d.message).toBe('"tasks.a.maxTurns" must be a number, not the string "many"');
    expect(d.hint).toBe('write a number here');
  });

  it('wrong-type: a number where a string belongs suggests quoting', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: 42'), 'wrong-type');
    expect(d.at).toBe('4:13');
    expect(d.hint).toMatch(/quote it to make it a string: "42"/);
  });

  it('wrong-type: a bad duration explains the format', () => {
    const d = one(yaml('version: 1', 'defaults:', '  timeout: 5 minutes', 'tasks: {a: {prompt: x}}'), 'wrong-type');
    expect(d.at).toBe('3:12');
    expect(d.hint).toMatch(/90s, 20m, 1h or 1h30m/);
  });

  it('wrong-type: an enum value gets a did-you-mean', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    permissionMode: acceptEdit'), 'wrong-type');
    expect(d.at).toBe('5:21');
    expect(d.hint).toBe('did you mean "acceptEdits"?');
  });

  it('wrong-type: run of the wrong type shows both accepted forms', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    agent: command', '    run: 5'), 'wrong-type');
    expect(d.at).toBe('5:10');
    expect(d.message).toBe('"tasks.a.run" must be a string or a list, not the number 5');
    expect(d.hint).toMatch(/\[npm, test\]/);
  });

  it('wrong-type: an empty task', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '  b: {prompt: x}'), 'wrong-type');
    expect(d.at).toBe('3:3');
    expect(d.message).toMatch(/"tasks.a" must be a mapping/);
    expect(d.hint).toMatch(/prompt/);
  });

  it('missing-key: version', () => {
    const d = one(yaml('tasks:', '  a: {prompt: x}'), 'missing-key');
    expect(d.at).toBe('1:1');
    expect(d.hint).toBe('add `version: 1` at the top of the plan');
  });

  it('duplicate-key: a key twice in one mapping', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    prompt: y'), 'duplicate-key');
    expect(d.at).toBe('5:5');
    expect(d.message).toBe('duplicate key "prompt" in "tasks.a" (first at line 4:5)');
    expect(d.hint).toMatch(/keep one/);
  });

  it('duplicate-task: a task id twice', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '  a:', '    prompt: y'), 'duplicate-task');
    expect(d.at).toBe('5:3');
    expect(d.message).toBe('task "a" is declared twice (first at line 3:3)');
    expect(d.hint).toMatch(/rename one/);
  });

  it('duplicate-task: JSON plans too', () => {
    const text = '{"version": 1,\n "tasks": {"a": {"prompt": "x"},\n  "a": {"prompt": "y"}}}\n';
    const result = parsePlanText(text, '/ws/orchestra.config.json');
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.col])).toEqual([['duplicate-task', 3, 3]]);
  });

  it('unknown-dependency: with did-you-mean over task ids', () => {
    const d = one(yaml('version: 1', 'tasks:', '  html: {prompt: x}', '  logic:', '    prompt: y', '    dependsOn: [htlm]'), 'unknown-dependency');
    expect(d.at).toBe('6:17');
    expect(d.message).toBe('task "logic" depends on "htlm", which is not a task in this plan');
    expect(d.hint).toBe('did you mean "html"?');
  });

  it('unknown-dependency: without a near id, says how to fix', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: y', '    dependsOn:', '      - zebra'), 'unknown-dependency');
    expect(d.at).toBe('6:9');
    expect(d.hint).toBe('declare a task "zebra" under tasks, or remove it from dependsOn');
  });

  it('self-dependency', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: y', '    dependsOn: [a]'), 'self-dependency');
    expect(d.at).toBe('5:17');
    expect(d.hint).toBe('remove "a" from its own dependsOn');
  });

  it('input-without-dependency: a task reads what another writes without depending on it', () => {
    const d = one(
      yaml('version: 1', 'tasks:', '  prod:', '    prompt: x', '    outputs: [gen.txt]', '  cons:', '    prompt: y', '    inputs: [src/a.txt, ./gen.txt]'),
      'input-without-dependency',
    );
    expect(d.at).toBe('8:25');
    expect(d.message).toBe('task "cons" reads "gen.txt", which task "prod" writes, but does not depend on "prod"');
    expect(d.hint).toBe('add "prod" to dependsOn of "cons"');
  });

  it('input-without-dependency: folders and globs overlap as the scheduler sees them', () => {
    const d = one(
      yaml('version: 1', 'tasks:', '  prod:', '    prompt: x', '    outputs: [dist/gen/a.js]', '  cons:', '    prompt: y', '    inputs: ["dist/**/*.js"]'),
      'input-without-dependency',
    );
    expect(d.hint).toBe('add "prod" to dependsOn of "cons"');
  });

  it('input-without-dependency: a producer that runs after the reader gets another hint', () => {
    const d = one(
      yaml('version: 1', 'tasks:', '  prod:', '    prompt: x', '    outputs: [gen.txt]', '    dependsOn: [cons]', '  cons:', '    prompt: y', '    inputs: [gen.txt]'),
      'input-without-dependency',
    );
    expect(d.hint).toBe('"prod" runs after "cons": remove "gen.txt" from the inputs of "cons", or reorder the two');
  });

  it('input-without-dependency: a direct or transitive dependency, or reading its own output, is fine', () => {
    const ok = parsePlanText(
      yaml(
        'version: 1',
        'tasks:',
        '  prod: {prompt: x, outputs: [gen.txt]}',
        '  mid: {prompt: x, dependsOn: [prod], inputs: [gen.txt], outputs: [mid.txt]}',
        '  cons: {prompt: y, dependsOn: [mid], inputs: [gen.txt, mid.txt, "!gen.txt"]}',
        '  self: {prompt: z, inputs: [self.txt, src/a.txt], outputs: [self.txt]}',
      ),
      FILE,
    );
    expect(ok.ok ? [] : ok.diagnostics).toEqual([]);
  });

  it('cycle: printed as its path, in dependsOn order, at the first edge', () => {
    const d = one(
      yaml('version: 1', 'tasks:', '  c:', '    prompt: x', '    dependsOn: [a]', '  a:', '    prompt: x', '    dependsOn: [d, b]', '  b:', '    prompt: x', '    dependsOn: [c]', '  d: {prompt: x}'),
      'cycle',
    );
    expect(d.message).toBe('dependency cycle: a → b → c → a (each task depends on the next)');
    expect(d.at).toBe('8:20');
    expect(d.hint).toMatch(/remove one of these dependencies/);
  });

  it('cycle: independent cycles are all reported', () => {
    const ds = diagnose(
      yaml('version: 1', 'tasks:', '  a: {prompt: x, dependsOn: [b]}', '  b: {prompt: x, dependsOn: [a]}', '  c: {prompt: x, dependsOn: [d]}', '  d: {prompt: x, dependsOn: [c]}'),
    );
    expect(ds.map((d) => d.message)).toEqual([
      'dependency cycle: a → b → a (each task depends on the next)',
      'dependency cycle: c → d → c (each task depends on the next)',
    ]);
  });

  it('cycle: a long ring is one cycle', () => {
    const n = 1000;
    const lines = ['version: 1', 'tasks:'];
    for (let i = 0; i < n; i++) lines.push(`  t${i}: {prompt: x, dependsOn: [t${(i + 1) % n}]}`);
    const d = one(yaml(...lines), 'cycle');
    expect(d.message).toMatch(/^dependency cycle: t0 → t1 → t2 → .* → t999 → t0 /);
    expect(d.at).toBe('3:31');
  });

  it('missing-prompt: an agent task without a prompt', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    outputs: [a.txt]'), 'missing-prompt');
    expect(d.at).toBe('3:3');
    expect(d.message).toBe('claude task "a" has no prompt');
    expect(d.hint).toMatch(/add `prompt:/);
  });

  it('missing-prompt: a blank prompt points at the value', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: "   "'), 'missing-prompt');
    expect(d.at).toBe('4:13');
    expect(d.message).toBe('claude task "a" has an empty prompt');
  });

  it('missing-run: a command task without run', () => {
    const d = one(yaml('version: 1', 'tasks:', '  lint:', '    agent: command'), 'missing-run');
    expect(d.at).toBe('3:3');
    expect(d.hint).toMatch(/run: \[npm, test\]/);
  });

  it('unknown-agent: with did-you-mean and the known list', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a:', '    agent: claud', '    prompt: x'), 'unknown-agent');
    expect(d.at).toBe('4:12');
    expect(d.hint).toBe('did you mean "claude"? known agents: claude, command');
  });

  it('unknown-agent: the list of agents is a parameter', () => {
    const text = yaml('version: 1', 'tasks:', '  a:', '    agent: codex', '    prompt: x');
    expect(parsePlanText(text, FILE, { knownAgents: ['claude', 'command', 'codex'] }).ok).toBe(true);
    expect(one(text, 'unknown-agent').hint).toBe('known agents: claude, command');
  });

  it('path-outside-workspace: absolute and escaping paths, in tasks and defaults', () => {
    const ds = diagnose(
      yaml('version: 1', 'defaults:', '  addDirs: [/home]', 'tasks:', '  a:', '    prompt: x', '    inputs: [src/**, ../secrets/*]', '    outputs: [C:\\out.txt, "!../x"]'),
    ).filter((d) => d.code === 'path-outside-workspace');
    expect(ds.map((d) => `${d.pos?.line}:${d.pos?.col} ${d.message}`)).toEqual([
      '3:13 addDirs entry "/home" is an absolute path',
      '7:22 inputs entry "../secrets/*" leads outside the workspace',
      '8:15 outputs entry "C:\\out.txt" is an absolute path',
      '8:27 outputs entry "!../x" leads outside the workspace',
    ]);
    expect(ds[0]!.hint).toMatch(/relative to the folder that holds the plan/);
  });

  it('path-outside-workspace: paths that only look odd are fine', () => {
    const text = yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    outputs: [a/../b.txt, "..foo", ./c, "dist/**"]');
    expect(parsePlanText(text, FILE).ok).toBe(true);
  });

  it('unsafe-task-id: with a safe suggestion', () => {
    const d = one(yaml('version: 1', 'tasks:', '  "build ui/app":', '    prompt: x'), 'unsafe-task-id');
    expect(d.at).toBe('3:3');
    expect(d.message).toBe('task id "build ui/app" has characters that are unsafe in a file name');
    expect(d.hint).toMatch(/e\.g\. "build-ui-app"$/);
  });

  it('unsafe-task-id: an empty id, at its line', () => {
    const d = one(yaml('version: 1', 'tasks:', '  a: {prompt: x}', '  "": {prompt: y}'), 'unsafe-task-id');
    expect(d.at).toBe('4:3');
    expect(d.message).toBe('task id "" has characters that are unsafe in a file name');
  });

  it('unsafe-task-id: ids that differ only in case', () => {
    const d = one(yaml('version: 1', 'tasks:', '  build: {prompt: x}', '  Build: {prompt: y}'), 'unsafe-task-id');
    expect(d.at).toBe('3:3');
    expect(d.message).toBe('task id "build" differs from "Build" only in case');
    expect(d.hint).toMatch(/rename one of them/);
  });

  it.each([
    ['a..b', 'contains ".."'],
    ['-flag', 'has characters that are unsafe in a file name'],
    ['nul', 'is a reserved file name on Windows'],
    ['x'.repeat(101), 'is longer than 100 characters'],
  ])('unsafe-task-id: %s', (id, reason) => {
    const d = one(yaml('version: 1', 'tasks:', `  "${id}":`, '    prompt: x'), 'unsafe-task-id');
    expect(d.message).toContain(reason);
    expect(d.at).toBe('3:3');
  });

  it('unsupported-version', () => {
    const d = one(yaml('version: 2', 'tasks: {a: {prompt: x}}'), 'unsupported-version');
    expect(d.at).toBe('1:10');
    expect(d.hint).toBe('this orchestra reads version 1: set `version: 1`, or upgrade orchestra');
  });

  it('isolation: worktree is accepted wherever it is set', () => {
    for (const text of [
      yaml('version: 1', 'isolation: worktree', 'tasks: {a: {prompt: x}}'),
      yaml('version: 1', 'defaults: {isolation: worktree}', 'tasks: {a: {prompt: x}}'),
      yaml('version: 1', 'tasks: {a: {prompt: x, isolation: worktree}}'),
    ]) {
      expect(parsePlanText(text, '/w/orchestra.config.yaml').ok).toBe(true);
    }
  });

  it('empty-plan: no tasks', () => {
    const d = one(yaml('version: 1', 'tasks: {}'), 'empty-plan');
    expect(d.at).toBe('2:1');
    expect(d.hint).toMatch(/add tasks under `tasks:`/);
  });

  it('empty-plan: tasks key without a value, or no tasks key', () => {
    expect(one(yaml('version: 1', 'tasks:'), 'empty-plan').at).toBe('2:1');
    expect(one(yaml('version: 1'), 'empty-plan').at).toBe('1:1');
  });

  it('empty-plan: an empty file', () => {
    const d = one('# nothing yet\n', 'empty-plan');
    expect(d.at).toBe('1:1');
    expect(d.message).toBe('the plan file is empty');
  });

  it('wrong-type: a task key written one level too far left is said to be one, not given the hint for its value', () => {
    const ds = diagnose(yaml('version: 1', 'tasks:', '  a:', '    agent: command', '  run: [make]')).filter((d) => d.message.startsWith('"tasks.run"'));
    expect(ds.map((d) => [`${d.pos?.line}:${d.pos?.col}`, d.message, d.hint])).toEqual([
      ['5:8', '"tasks.run" must be a mapping (key: value), not a list', '"run" is a task key, not a task: indent it under its task (the task\'s id on its own line, its keys below it)'],
    ]);
  });

  it('wrong-type: a number out of bounds says the bound to write; a single output not in a list says how to write one', () => {
    const big = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    retries: 50'), 'wrong-type');
    expect([big.message, big.hint]).toEqual(['"tasks.a.retries" must be at most 20', 'write 20 or less (retries: Extra attempts after the first, with backoff between them)']);
    expect(one(yaml('version: 1', 'concurrency: 0', 'tasks:', '  a: {prompt: x}'), 'wrong-type').hint).toBe('write a number greater than 0');
    const list = one(yaml('version: 1', 'tasks:', '  a:', '    prompt: x', '    outputs: out.txt'), 'wrong-type');
    expect(list.hint).toBe('write a list, even of one item: [out.txt]');
  });

  it('wrong-type: a plan that is not a mapping', () => {
    const d = one('- a\n- b\n', 'wrong-type');
    expect(d.at).toBe('1:1');
    expect(d.message).toBe('the plan must be a mapping (version:, tasks:, ...), not a list');
  });
});

describe('parsePlanText warnings', () => {
  it('ignored-key: a valid plan with keys that do nothing loads, with warnings', () => {
    const result = parsePlanText(yaml('version: 1', 'tasks:', '  a:', '    agent: command', '    run: [make]', '    model: opus', '  b:', '    prompt: x', '    run: make'), FILE);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.code, d.severity, `${d.pos?.line}:${d.pos?.col}`, d.message])).toEqual([
      ['ignored-key', 'warning', '6:5', '"model" does nothing on command task "a"'],
      ['ignored-key', 'warning', '9:5', '"run" does nothing on claude task "b"'],
    ]);
    expect(result.diagnostics[1]!.hint).toBe('remove it, or set `agent: command` to run it as a plain command');
  });
});

describe('parsePlanText warnings: overlapping outputs', () => {
  const warnings = (text: string) => {
    const result = parsePlanText(text, FILE);
    expect(result.ok).toBe(true);
    return result.diagnostics.map((d) => [d.code, d.severity, `${d.pos?.line}:${d.pos?.col}`, d.message]);
  };

  it('overlapping-outputs: a folder holding a file of another task, the same file twice: one warning per group', () => {
    const text = yaml(
      'version: 1',
      'tasks:',
      '  a: {prompt: x, outputs: ["build/"]}',
      '  b: {prompt: x, dependsOn: [a], outputs: [build/x.txt, "build/y/**"]}',
      '  c: {prompt: x, outputs: [dist/app.js]}',
      '  d: {prompt: x, outputs: [./dist/app.js, other.txt]}',
      '  e: {prompt: x, outputs: [builder.txt, "!build/**"]}',
    );
    expect(warnings(text)).toEqual([
      ['overlapping-outputs', 'warning', '3:28', 'the outputs of tasks "a" and "b" overlap: "build", "build/x.txt" and "build/y/**"'],
      ['overlapping-outputs', 'warning', '5:28', 'tasks "c" and "d" both declare the output "dist/app.js"'],
    ]);
    expect(parsePlanText(text, FILE).diagnostics[0]!.hint).toMatch(/give each task files or a folder of its own/);
  });

  it('overlapping-outputs: a path one task excludes with a negation is not an overlap', () => {
    const text = yaml(
      'version: 1',
      'tasks:',
      '  a: {prompt: x, outputs: [build, "!build/x.txt"]}',
      '  b: {prompt: x, outputs: [build/x.txt]}',
      '  c: {prompt: x, outputs: ["gen/*.js", "!gen/b.js"]}',
      '  d: {prompt: x, outputs: [gen/b.js]}',
    );
    expect(warnings(text)).toEqual([]);
  });

  it('overlapping-outputs: 2,000 tasks writing into one folder are one warning, not two million', () => {
    const lines = ['version: 1', 'tasks:'];
    for (let i = 0; i < 2_000; i++) lines.push(`  t${i}: {prompt: x, outputs: [reports/]}`);
    expect(warnings(yaml(...lines))).toEqual([
      ['overlapping-outputs', 'warning', '3:29', 'the outputs of tasks "t0", "t1", "t10", "t100", "t1000" and 1995 more overlap: "reports"'],
    ]);
  });
});

describe('parsePlanText collects every problem at once', () => {
  it('reports structural and cross-field problems together, sorted by position', () => {
    const ds = diagnose(
      yaml(
        'version: 3', //                      1 unsupported-version
        'tasks:',
        '  a:',
        '    promt: x', //                    4 unknown-key (and no missing-prompt noise? no: a has no prompt)
        '    dependsOn: [b, zz, 7]', //       5 wrong-type (7), the list is dropped
        '  b:',
        '    prompt: y',
        '    maxTurns: -1', //                8 wrong-type
        '    dependsOn: [c]', //
        '  c:',
        '    agent: command', //              10 missing-run
        '    dependsOn: [b]', //              cycle b → c → b
      ),
    );
    expect(ds.map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`)).toEqual([
      '1:10 unsupported-version',
      '3:3 missing-prompt',
      '4:5 unknown-key',
      '5:24 wrong-type',
      '8:15 wrong-type',
      '9:17 cycle',
      '10:3 missing-run',
    ]);
  });

  it('stays quiet about what the schema already reported', () => {
    const ds = diagnose(yaml('version: 1', 'tasks:', '  a:', '    prompt: [not, a, string]', '  b:', '    agent: command', '    run: 7'));
    expect(ds.map((d) => d.code)).toEqual(['wrong-type', 'wrong-type']);
  });
});
