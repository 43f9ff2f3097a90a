import { planJsonSchema } from './schema.ts';

/** The exact text of orchestra.schema.json: what `npm run schema` writes and the test compares. */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
