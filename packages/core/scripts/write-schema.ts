// Writes packages/core/orchestra.schema.json from the plan schema (`npm run schema`).
// The file is committed so editors can read it; a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planJsonSchemaText } from '../src/plan/plan-json-schema-text.ts';

const target = fileURLToPath(new URL('../orchestra.schema.json', import.meta.url));
writeFileSync(target, planJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
