// The fast way to load a valid plan: js-yaml's values (fast-parse-yaml.ts), the structure checked
// against orchestra.schema.json (conforms.ts; the file is generated from the zod schema and a test keeps
// it so), then the resolved plan and its rules (check-raw-plan.ts). Neither zod nor the yaml Document
// is loaded: together they cost ~25 ms of a 1,000-task plan's first load (docs/benchmarks.md).
//
// It answers only for a plan with no problem at all (not even a warning); for anything else it returns
// undefined, and the precise path (parse-plan-text.ts) loads the plan again and words every problem.
import schema from '../../orchestra.schema.json' with { type: 'json' };
import { checkRawPlan } from './check-raw-plan.ts';
import { compileSchema, type Check } from './conforms.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { fastParseYaml } from './fast-parse-yaml.ts';
import type { LoadResult, ParseOptions } from './load-result.ts';
import type { RawPlan } from './schema.ts';
import { renameKey } from './without-prototype.ts';

let planCheck: Check | undefined;

export function loadPlanTextFast(text: string | Uint8Array, file: string, options: ParseOptions = {}): LoadResult | undefined {
  const decoded = decodeUtf8(text, file);
  if (!decoded.ok) return undefined;
  // A .json plan that is not JSON: the precise path says where (YAML would read a trailing comma).
  if (file.endsWith('.json') && !isJson(decoded.text)) return undefined;
  const parsed = fastParseYaml(decoded.text, file);
  planCheck ??= compileSchema(schema);
  if (!parsed || !planCheck(parsed.value)) return undefined;
  const value = parsed.value as RawPlan;
  // As zod's record gives it (parse-raw-plan.ts): tasks in an object without a prototype.
  const raw = { ...value, tasks: renameKey(value.tasks) };
  const result = checkRawPlan(raw, parsed.source, [], options);
  return result.ok && result.diagnostics.length === 0 ? result : undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
