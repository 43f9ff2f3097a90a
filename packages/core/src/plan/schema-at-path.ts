// Reads the plan schema at a value path, so messages can list the keys allowed at that place and
// quote a field's description: the schema stays the single source of what a plan may say.
import { z } from 'zod';
import type { ValuePath } from './yaml-source.ts';

const unwrap = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema);

export function schemaAt(root: z.ZodType, path: ValuePath): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!schema) return undefined;
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) schema = (inner.shape as Record<string, z.ZodType>)[String(segment)];
    else if (inner instanceof z.ZodRecord) schema = inner.valueType as z.ZodType;
    else if (inner instanceof z.ZodArray) schema = inner.element as z.ZodType;
    else return undefined;
  }
  return schema;
}

/** The keys an object at `path` may have (empty when the schema there is not an object). */
export function knownKeysAt(root: z.ZodType, path: ValuePath): string[] {
  const schema = schemaAt(root, path);
  const inner = schema && unwrap(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape).filter((key) => key !== '$schema') : [];
}

/** The field's `.describe()` text, if any. */
export function descriptionAt(root: z.ZodType, path: ValuePath): string | undefined {
  const schema = schemaAt(root, path);
  return schema?.description ?? (schema && unwrap(schema).description);
}
