// Whether a plain value (what YAML or JSON gives) is an instance of a JSON Schema, for the subset of
// draft 7 that orchestra.schema.json uses. The fast path of plan loading asks it instead of the zod
// schema that the file is generated from (schema.ts), so that a valid plan loads without zod: loading,
// building and running zod cost ~25 ms of a 1,000-task plan's start.
//
// It only ever says yes for a value the zod schema accepts unchanged (a test checks it against zod on
// generated plans). A schema with a keyword outside the subset compiles to a check that always says
// no, and the precise path (zod, with positions and messages) decides.
type Schema = Readonly<Record<string, unknown>>;
export type Check = (value: unknown) => boolean;

/** Keywords that say nothing about validity. */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const never: Check = () => false;

/** The check for `schema`, built once (each keyword becomes a closure): ~5x faster than reading the schema per value. */
export function compileSchema(schema: Schema): Check {
  return compile(schema) ?? never;
}

/** `compileSchema(schema)(value)`, for a one-off. */
export function conforms(schema: Schema, value: unknown): boolean {
  return compileSchema(schema)(value);
}

/** undefined: the schema uses something outside the subset. */
function compile(schema: Schema): Check | undefined {
  const checks: Check[] = [];
  for (const keyword of Object.keys(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword === 'properties' || keyword === 'additionalProperties') continue;
    const check = compileKeyword(keyword, schema[keyword]);
    if (!check) return undefined;
    checks.push(check);
  }
  if (schema.properties !== undefined || schema.additionalProperties !== undefined) {
    const check = compileProperties(schema.properties ?? {}, schema.additionalProperties ?? true);
    if (!check) return undefined;
    checks.push(check);
  }
  if (checks.length === 1) return checks[0];
  return (value) => {
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

function compileKeyword(keyword: string, rule: unknown): Check | undefined {
  switch (keyword) {
    case 'type':
      return typeCheck(rule);
    case 'enum': {
      if (!Array.isArray(rule)) return undefined;
      const allowed = new Set(rule);
      return (value) => allowed.has(value);
    }
    case 'anyOf': {
      if (!Array.isArray(rule)) return undefined;
      const options = rule.map((option) => (isPlainObject(option) ? compile(option) : undefined));
      if (options.some((option) => option === undefined)) return undefined;
      const known = options as Check[];
      return (value) => known.some((option) => option(value));
    }
    case 'minLength':
      // Only the "non-empty" the schema uses: a code point count and zod's .length agree there.
      return rule === 1 ? (value) => typeof value !== 'string' || value.length > 0 : undefined;
    case 'pattern': {
      if (typeof rule !== 'string') return undefined;
      const pattern = new RegExp(rule);
      return (value) => typeof value !== 'string' || pattern.test(value);
    }
    case 'minimum':
      return typeof rule === 'number' ? (value) => typeof value !== 'number' || value >= rule : undefined;
    case 'maximum':
      return typeof rule === 'number' ? (value) => typeof value !== 'number' || value <= rule : undefined;
    case 'exclusiveMinimum':
      return typeof rule === 'number' ? (value) => typeof value !== 'number' || value > rule : undefined;
    case 'minItems':
      return typeof rule === 'number' ? (value) => !Array.isArray(value) || value.length >= rule : undefined;
    case 'items': {
      const item = isPlainObject(rule) ? compile(rule) : undefined;
      if (!item) return undefined;
      return (value) => {
        if (!Array.isArray(value)) return true;
        for (const each of value) if (!item(each)) return false;
        return true;
      };
    }
    case 'required': {
      if (!Array.isArray(rule) || !rule.every((key) => typeof key === 'string')) return undefined;
      const keys = rule as string[];
      return (value) => !isPlainObject(value) || keys.every((key) => Object.hasOwn(value, key));
    }
    case 'propertyNames':
      // Keys of a parsed mapping are strings already: only that constraint is known.
      return isPlainObject(rule) && rule.type === 'string' && Object.keys(rule).length === 1 ? () => true : undefined;
    default:
      return undefined;
  }
}

function compileProperties(properties: unknown, additional: unknown): Check | undefined {
  if (!isPlainObject(properties)) return undefined;
  const known = new Map<string, Check>();
  for (const key of Object.keys(properties)) {
    const property = properties[key];
    const check = isPlainObject(property) ? compile(property) : undefined;
    if (!check) return undefined;
    known.set(key, check);
  }
  let other: Check | boolean;
  if (typeof additional === 'boolean') other = additional;
  else if (isPlainObject(additional)) {
    const check = compile(additional);
    if (!check) return undefined;
    other = check;
  } else return undefined;
  return (value) => {
    if (!isPlainObject(value)) return true;
    for (const key of Object.keys(value)) {
      const check = known.get(key) ?? other;
      if (check === false) return false;
      if (check !== true && !check(value[key])) return false;
    }
    return true;
  };
}

function typeCheck(type: unknown): Check | undefined {
  switch (type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return (value) => typeof value === 'number' && Number.isSafeInteger(value);
    case 'array':
      return Array.isArray;
    case 'object':
      return isPlainObject;
    default:
      return undefined; // null, a list of types: not in the subset
  }
}
