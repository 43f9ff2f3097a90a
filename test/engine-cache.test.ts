// The real `orchestra validate | run | status | explain` on plans that once fooled the cache: task ids
// that are members of every JavaScript object, and a folder given as an input.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './engine-support/workspace.ts';

const task = (id: string, file: string, dependsOn: string[] = [], extra: string[] = []) => [
  `  ${id}:`,
  '    agent: command',
  `    run: "echo ${id} > ${file}"`,
  `    outputs: [${file}]`,
  ...(dependsOn.length > 0 ? [`    dependsOn: [${dependsOn.join(', ')}]`] : []),
  ...extra,
];

function plan(root: string, lines: string[]): void {
  writeFileSync(path.join(root, 'orchestra.config.yaml'), ['version: 1', 'tasks:', ...lines, ''].join('\n'));
}

describe('task ids that are members of Object', () => {
  it('constructor and toString run, cache and explain; __proto__ is reported, never silently dropped', () => {
    const root = tempDir();
    plan(root, [...task('constructor', 'c.txt'), ...task('toString', 't.txt', ['constructor']), ...task('__proto__', 'p.txt', ['toString'])]);
    const withProto = runCli(['validate'], root);
    expect(withProto.code).toBe(2);
    expect(withProto.stderr).toMatch(/orchestra\.config\.yaml:12:3: error: task id "__proto__"/);

    plan(root, [
      ...task('constructor', 'c.txt'),
      ...task('toString', 't.txt', ['constructor']),
      ...task('valueOf', 'v.txt', ['toString', 'hasOwnProperty']),
    ]);
    const unknown = runCli(['validate'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('depends on "hasOwnProperty", which is not a task');

    plan(root, [...task('constructor', 'c.txt'), ...task('toString', 't.txt', ['constructor']), ...task('valueOf', 'v.txt', ['toString'])]);
    expect(runCli(['validate'], root).stdout).toContain('3 tasks');
    const first = runCli(['run', '--json'], root);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('"counts":{"succeeded":3');
    const second = runCli(['run', '--json'], root);
    expect(second.stdout).toContain('"cached":3');
    const status = JSON.parse(runCli(['status', '--json'], root).stdout) as { tasks: Record<string, { status: string }> };
    expect(Object.entries(status.tasks).map(([id, t]) => `${id} ${t.status}`)).toEqual(['constructor cached', 'toString cached', 'valueOf cached']);
    const explain = runCli(['explain', 'constructor'], root);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('nothing changed');
  });
});

describe('a folder as an input', () => {
  it('explain lists the files in it, and a new file makes the task stale', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'f.txt'), 'one');
    plan(root, task('t', 'out.txt', [], ['    inputs: [src]']));
    expect(runCli(['run'], root).code).toBe(0);
    expect(runCli(['explain', 't'], root).stdout).toMatch(/src\/f\.txt/);
    writeFileSync(path.join(root, 'src', 'g.txt'), 'two');
    expect(runCli(['status'], root).stdout).toMatch(/t\s+stale\s+input src\/g\.txt added/);
  });
});
