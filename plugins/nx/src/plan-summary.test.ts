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
    expect(summary).toEqual({
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
    expect(summarizePlan('')).toEqual({ tasks: [], unreadable: false });
    expect(summarizePlan('- a list')).toEqual({ tasks: [], unreadable: true });
    const odd = summarizePlan('name: 12\ntasks:\n  "bad id:x": {}\n  ok: 3\n  fine: { dependsOn: 7, outputs: [1, a] }\n');
    expect(odd.name).toBeUndefined();
    expect(odd.tasks).toEqual([{ id: 'fine', agent: 'claude', dependsOn: [], inputs: [], outputs: ['a'] }]);
  });

  it('tolerates duplicate keys and refuses alias bombs', () => {
    expect(summarizePlan('name: a\nname: b\ntasks: {}\n').unreadable).toBe(false);
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(',')}]`)];
    expect(summarizePlan(bomb.join('\n')).unreadable).toBe(true);
  });
});
