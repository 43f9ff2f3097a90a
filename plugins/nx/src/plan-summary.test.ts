import { describe, expect, it } from 'vitest';
import { summarizePlan } from './plan-summary.ts';

describe('summarizePlan', () => {
  it('reads the name, the tasks sorted by id, their agents, dependencies, inputs and outputs', () => {
    const summary = summarizePlan(`
version: 1
name: recipes
defaults: { agent: command }
tasks:
  logic: { run: [x], dependsOn: [html, html], inputs: [index.html], outputs: [script.js] }
  html: { prompt: p, agent: claude, outputs: index.html }
`);
    expect(summary).toMatchObject({
      name: 'recipes',
      tasks: [
        { id: 'html', agent: 'claude', dependsOn: [], inputs: [], outputs: ['index.html'] },
        { id: 'logic', agent: 'command', dependsOn: ['html'], inputs: ['index.html'], outputs: ['script.js'] },
      ],
      unreadable: false,
    });
  });

  it('defaults the agent to claude and keeps claudePath', () => {
    const summary = summarizePlan('version: 1\nclaudePath: bin/claude\ntasks:\n  a: { prompt: hi }\n');
    expect(summary.claudePath).toBe('bin/claude');
    expect(summary.tasks[0]?.agent).toBe('claude');
  });

  it('never throws: broken YAML is unreadable, odd shapes are skipped', () => {
    expect(summarizePlan('tasks: [\n  :::')).toEqual({ tasks: [], unreadable: true });
    expect(summarizePlan('').tasks).toEqual([]);
    expect(summarizePlan('- a list')).toEqual({ tasks: [], unreadable: true });
    const odd = summarizePlan('name: 12\ntasks:\n  "bad id:x": {}\n  ok: 3\n  fine: { dependsOn: 7, outputs: [1, a] }\n');
    expect(odd.name).toBeUndefined();
    expect(odd.tasks).toMatchObject([{ id: 'fine', agent: 'claude', dependsOn: [], inputs: [], outputs: ['a'] }]);
  });

  // Without the bound, the digest would try to expand 10^20 values: the test would never end.
  it('tolerates duplicate keys and does not expand alias bombs', () => {
    expect(summarizePlan('name: a\nname: b\ntasks: {}\n')).toMatchObject({ name: 'b', unreadable: false });
    const levels = 'abcdefghijklmnopqrst'.split('');
    const bomb = levels.map((k, i) => (i === 0 ? `  ${k}: &${k} [x, x, x, x, x, x, x, x, x, x]` : `  ${k}: &${k} [${Array(10).fill(`*${levels[i - 1]}`).join(', ')}]`));
    expect(summarizePlan(['version: 1', 'defaults:', '  appendSystemPrompt: hi', 'extra:', ...bomb, 'tasks:', '  a: { prompt: p }'].join('\n'))).toEqual({
      tasks: [],
      unreadable: true,
    });
  });

  describe('task digests', () => {
    const plan = (edit: (lines: Record<string, string>) => void) => {
      const lines: Record<string, string> = {
        head: 'version: 1\nname: n\nconcurrency: 2',
        defaults: 'defaults: { model: sonnet }',
        a: '  a: { prompt: make a, description: A, outputs: [a.txt] }',
        b: '  b: { prompt: make b, dependsOn: [a], outputs: [b.txt] }',
        c: '  c: { prompt: make c }',
      };
      edit(lines);
      const s = summarizePlan(`${lines['head']}\n${lines['defaults']}\ntasks:\n${lines['a']}\n${lines['b']}\n${lines['c']}\n`, 'v1');
      return Object.fromEntries(s.tasks.map((t) => [t.id, t.digest]));
    };
    const base = plan(() => {});

    it('change only for the edited task, and for tasks quoting its description or outputs', () => {
      expect(plan((l) => (l['c'] = '  c: { prompt: make C }'))).toEqual({ ...base, c: expect.not.stringMatching(base['c'] ?? '') });
      const promptOfA = plan((l) => (l['a'] = '  a: { prompt: make A!, description: A, outputs: [a.txt] }'));
      expect(promptOfA['a']).not.toBe(base['a']);
      expect(promptOfA['b']).toBe(base['b']);
      const descriptionOfA = plan((l) => (l['a'] = '  a: { prompt: make a, description: AA, outputs: [a.txt] }'));
      expect(descriptionOfA['b']).not.toBe(base['b']);
      expect(descriptionOfA['c']).toBe(base['c']);
    });

    it('change for every task with the defaults or the salt, not with the name, concurrency or key order', () => {
      const defaults = plan((l) => (l['defaults'] = 'defaults: { model: opus }'));
      expect(Object.keys(base).every((id) => defaults[id] !== base[id])).toBe(true);
      expect(plan((l) => (l['head'] = 'version: 1\nname: other\nconcurrency: 8'))).toEqual(base);
      expect(plan((l) => (l['a'] = '  a: { outputs: [a.txt], description: A, prompt: make a }'))).toEqual(base);
      expect(summarizePlan('version: 1\ntasks: { a: { prompt: x } }', 'v2').tasks[0]?.digest).not.toBe(
        summarizePlan('version: 1\ntasks: { a: { prompt: x } }', 'v1').tasks[0]?.digest,
      );
    });
  });
});
