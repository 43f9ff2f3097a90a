import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchemaText } from './plan-json-schema-text.ts';

describe('orchestra.schema.json', () => {
  it('is the committed output of `npm run schema`', () => {
    const committed = readFileSync(new URL('../../orchestra.schema.json', import.meta.url), 'utf8');
    expect(committed, 'orchestra.schema.json is stale: run `npm run schema` and commit it').toBe(planJsonSchemaText());
  });

  it('describes tasks with their keys and forbids unknown ones', () => {
    const schema = JSON.parse(planJsonSchemaText());
    expect(schema.required).toContain('version');
    expect(schema.additionalProperties).toBe(false);
    const task = schema.properties.tasks.additionalProperties;
    expect(Object.keys(task.properties)).toEqual(expect.arrayContaining(['prompt', 'dependsOn', 'outputs', 'run', 'timeout']));
    expect(task.additionalProperties).toBe(false);
  });
});
