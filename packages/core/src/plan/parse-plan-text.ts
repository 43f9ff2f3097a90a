// Text of a plan file -> a resolved Plan, or every problem in it at file:line:col. Pure: no fs.
//
//   bytes --decodeUtf8--> text --fast path: js-yaml, orchestra.schema.json (fast-load.ts)--> raw plan --+
//                              \--precise path: yaml Document (positions) --toJS--> value           |
//   value --zod RawPlan schema--> structural diagnostics --salvage--> raw plan (checkPlanValue) ----+
//   raw plan --normalizePlan--> Plan --planRules--> cross-field diagnostics (checkRawPlan)
//
// The fast path only ever returns valid plans; any problem, or anything unusual in the YAML, sends
// the text down the precise path, which alone writes diagnostics. Loaders (load-plan.ts, plan-cache.ts)
// try the fast path first and load this module (zod, yaml) only when it declines.
import { checkPlanValue } from './check-plan-value.ts';
import type { Diagnostic } from './diagnostic.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { loadPlanTextFast } from './fast-load.ts';
import { jsonErrorOffset } from './json-error-offset.ts';
import type { LoadResult, ParseOptions } from './load-result.ts';
import { sortDiagnostics } from './sort-diagnostics.ts';
import { parseYamlSource, type PlanSource } from './yaml-source.ts';
import type { Document } from 'yaml';

/** Aliases a plan may expand; more means a "billion laughs" document, not a plan. */
export const MAX_ALIAS_COUNT = 100;

const fail = (file: string, diagnostics: Diagnostic[]): LoadResult => ({ ok: false, file, diagnostics: sortDiagnostics(diagnostics) });

function toPlainValue(doc: Document.Parsed, source: PlanSource): { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error: unknown) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      diagnostic: {
        code: 'alias-bomb',
        message: /excessive alias count/i.test(error.message)
          ? `the plan expands YAML aliases more than ${MAX_ALIAS_COUNT} times (a "billion laughs" document)`
          : `YAML: ${error.message}`,
        hint: 'write the values out, or use `defaults` for what tasks share, instead of nesting aliases',
        pos: source.positionOf([]),
      },
    };
  }
}

/**
 * A `.json` plan must be JSON. YAML reads it too (and keeps the positions), but would take a trailing
 * comma and word a broken file in YAML's terms.
 */
export function jsonSyntaxError(text: string, file: string): Diagnostic | undefined {
  if (!file.endsWith('.json') || text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error: unknown) {
    // V8's words without its position (not always given) or its snippet of the text; the position is ours.
    const message = (error instanceof Error ? error.message : String(error)).split(/ in JSON at position | at position |, (?:\.\.\.)?"/)[0]!;
    const offset = Math.max(0, jsonErrorOffset(text));
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const pos = { file, line, col: offset - before.lastIndexOf('\n') };
    return {
      code: 'json-syntax',
      message: `JSON: ${message.replace(/ JSON input$/, ' of the file')}`,
      hint: 'fix the JSON syntax here (JSON has no trailing commas, comments or unquoted keys), or write the plan as orchestra.config.yaml',
      pos,
    };
  }
}

/** The precise path: a yaml Document keeps every position, finds duplicate keys and limits aliases. */
export function parsePlanTextPrecisely(text: string, file: string, options: ParseOptions = {}): LoadResult {
  const json = jsonSyntaxError(text, file);
  if (json) return fail(file, [json]);
  const { doc, source, syntaxErrors, duplicates } = parseYamlSource(text, file);
  if (syntaxErrors.length > 0) return fail(file, syntaxErrors);
  const plain = toPlainValue(doc, source);
  if (!plain.ok) return fail(file, [plain.diagnostic]);
  return checkPlanValue(plain.value, source, duplicates, options);
}

/** Parses and checks a plan's text. `file` is its path (absolute for a usable `plan.root`). */
export function parsePlanText(text: string | Uint8Array, file: string, options: ParseOptions = {}): LoadResult {
  return loadPlanTextFast(text, file, options) ?? parsePlanTextWithMessages(text, file, options);
}

/** The precise path alone: what loaders call once the fast path (fast-load.ts) declined. */
export function parsePlanTextWithMessages(text: string | Uint8Array, file: string, options: ParseOptions = {}): LoadResult {
  const decoded = decodeUtf8(text, file);
  if (!decoded.ok) return fail(file, [decoded.diagnostic]);
  return parsePlanTextPrecisely(decoded.text, file, options);
}
