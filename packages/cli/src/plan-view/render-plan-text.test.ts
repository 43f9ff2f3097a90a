import { computeWaves, parsePlanText } from '@orchestra/core';
import { describe, expect, it } from 'vitest';
import { buildPlanJson } from './plan-json.ts';
import { renderPlanText } from './render-plan-text.ts';

function view(text: string, concurrency?: number) {
  const result = parsePlanText(text, '/ws/orchestra.config.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const plan = concurrency ? { ...result.plan, concurrency } : result.plan;
  return buildPlanJson(plan, computeWaves(plan), 'orchestra.config.yaml');
}

const PLAN = `version: 1
name: site
tasks:
  html: {description: Page, prompt: x, outputs: [index.html]}
  css: {prompt: y, dependsOn: [html], inputs: [index.html], outputs: [styles.css]}
  js: {prompt: z, dependsOn: [html], outputs: [app.js], lock: [bundle]}
  check: {agent: command, run: [node, check.js], dependsOn: [css, js]}
`;

describe('buildPlanJson', () => {
  it('lists waves and, per task, what the json promises', () => {
    expect(view(PLAN)).toEqual({
      name: 'site',
      file: 'orchestra.config.yaml',
      concurrency: 4,
      schedule: 'eager',
      waves: [['html'], ['css', 'js'], ['check']],
      tasks: {
        html: { description: 'Page', agent: 'claude', dependsOn: [], inputs: [], outputs: ['index.html'], locks: [] },
        css: { agent: 'claude', dependsOn: ['html'], inputs: ['index.html'], outputs: ['styles.css'], locks: [] },
        js: { agent: 'claude', dependsOn: ['html'], inputs: [], outputs: ['app.js'], locks: ['bundle'] },
        check: { agent: 'command', dependsOn: ['css', 'js'], inputs: [], outputs: [], locks: [] },
      },
    });
  });
});

describe('renderPlanText', () => {
  it('prints each wave task by task with what it waits for, reads and writes', () => {
    expect(renderPlanText(view(PLAN))).toBe(
      [
        'site (orchestra.config.yaml): 4 tasks in 3 waves, concurrency 4, schedule eager',
        '',
        'wave 1',
        '    html   claude   Page',
        '           writes   index.html',
        '',
        'wave 2',
        '    css    claude',
        '           after    html',
        '           reads    index.html',
        '           writes   styles.css',
        '    js     claude',
        '           after    html',
        '           writes   app.js',
        '           locks    bundle',
        '',
        'wave 3',
        '    check  command',
        '           after    css, js',
        '',
      ].join('\n'),
    );
  });

  it('says when a wave is wider than the concurrency', () => {
    expect(renderPlanText(view(PLAN, 1))).toContain('wave 2 (2 tasks, 1 at a time)');
  });
});
