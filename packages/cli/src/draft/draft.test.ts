import { describe, expect, it } from 'vitest';
import { buildDraftPrompt, buildFixPrompt } from './draft-prompt.ts';
import { extractPlanYaml, withSchemaLine } from './extract-plan-yaml.ts';

const PLAN = 'version: 1\nname: x\ntasks:\n  a:\n    prompt: do a\n';

describe('extractPlanYaml', () => {
  it('takes the yaml block of a reply', () => {
    expect(extractPlanYaml(`Here is the plan:\n\n\`\`\`yaml\n${PLAN}\`\`\`\n\nReview it.`)).toBe(PLAN);
  });
  it('prefers the last block that is a plan', () => {
    const reply = `First try:\n\`\`\`yaml\nversion: 1\ntasks: {}\n\`\`\`\nBetter:\n\`\`\`yml\n${PLAN}\`\`\`\n\`\`\`yaml\nnot: a plan\n\`\`\``;
    expect(extractPlanYaml(reply)).toBe(PLAN);
  });
  it('accepts an unlabeled block or a bare plan, and gives up on prose', () => {
    expect(extractPlanYaml(`\`\`\`\n${PLAN}\`\`\``)).toBe(PLAN);
    expect(extractPlanYaml(`\n${PLAN}\n`)).toBe(PLAN);
    expect(extractPlanYaml('I cannot do that.')).toBeUndefined();
  });
  it('keeps a longer fence whole when the prompt inside holds a fence', () => {
    const inner = 'version: 1\ntasks:\n  a:\n    prompt: |\n      Print:\n      ```\n      hi\n      ```\n';
    expect(extractPlanYaml(`\`\`\`\`yaml\n${inner}\`\`\`\``)).toBe(inner);
  });
});

describe('withSchemaLine', () => {
  it('puts the editor hint first, once', () => {
    const out = withSchemaLine(`# yaml-language-server: $schema=elsewhere.json\n# my plan\n${PLAN}`, './node_modules/@orchestra/core/orchestra.schema.json');
    expect(out).toBe(`# yaml-language-server: $schema=./node_modules/@orchestra/core/orchestra.schema.json\n# my plan\n${PLAN}`);
  });
});

describe('draft prompts', () => {
  it('state the request, the folder, the format and the reply shape', () => {
    const prompt = buildDraftPrompt('  A recipe converter web app.\n', ['package.json', 'src/']);
    expect(prompt).toContain('What the plan must achieve:\nA recipe converter web app.\n');
    expect(prompt).toContain('- src/');
    expect(prompt).toContain('dependsOn: [html]');
    expect(prompt).toContain('never bypassPermissions');
    expect(prompt.endsWith('in one ```yaml fenced block, and nothing after it.')).toBe(true);
    expect(buildFixPrompt('orchestra.config.yaml:3:1: error: unknown key "taks"\n')).toContain('unknown key "taks"');
  });
});
