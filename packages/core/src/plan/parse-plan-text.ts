// Text of a plan file -> a resolved Plan, or every problem in it at file:line:col. Pure: no fs.
//
//   bytes --decodeUtf8--> text --parseYamlSource--> document --toJS--> raw value
//         --RawPlan schema--> structural diagnostics --salvage--> raw plan --normalizePlan--> Plan
//         --planRules--> cross-field diagnostics
import type { Diagnostic } from './diagnostic.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import type { LoadResult, ParseOptions } from './load-result.ts';
import { BUILTIN_AGENTS } from './model.ts';
import { normalizePlan } from './normalize-plan.ts';
import { planRules } from './rules/index.ts';
import { salvage } from './salvage.ts';
import { RawPlan } from './schema.ts';
import { sortDiagnostics } from './sort-diagnostics.ts';
import { structuralDiagnostics } from './structural-diagnostics.ts';
import { describeValue, pathKey } from './value-path.ts';
import { parseYamlSource, type PlanSource, type ValuePath } from './yaml-source.ts';

/** Aliases a plan may expand; more means a "billion laughs" document, not a plan. */
export const MAX_ALIAS_COUNT = 100;

const fail = (file: string, diagnostics: Diagnostic[]): LoadResult => ({ ok: false, file, diagnostics: sortDiagnostics(diagnostics) });

function toPlainValue(source: PlanSource): { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, value: source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
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

/** Parses and checks a plan's text. `file` is its path (absolute for a usable `plan.root`). */
export function parsePlanText(text: string | Uint8Array, file: string, options: ParseOptions = {}): LoadResult {
  const decoded = decodeUtf8(text, file);
  if (!decoded.ok) return fail(file, [decoded.diagnostic]);

  const { source, syntaxErrors, duplicates } = parseYamlSource(decoded.text, file);
  if (syntaxErrors.length > 0) return fail(file, syntaxErrors);

  const plain = toPlainValue(source);
  if (!plain.ok) return fail(file, [plain.diagnostic]);
  const value = plain.value;
  if (value === null || value === undefined) {
    return fail(file, [
      {
        code: 'empty-plan',
        message: 'the plan file is empty',
        hint: 'start with `version: 1` and a `tasks:` mapping; `orchestra draft` can write one for you',
        pos: { file, line: 1, col: 1 },
      },
    ]);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(file, [
      {
        code: 'wrong-type',
        message: `the plan must be a mapping (version:, tasks:, ...), not ${describeValue(value)}`,
        hint: 'start with `version: 1` and a `tasks:` mapping of task id to task',
        pos: source.positionOf([]),
      },
    ]);
  }

  // Structure: report what the schema rejects, then drop those values and check again.
  // A missing or empty `tasks` is an empty plan (a rule says so), not a type error.
  let data = value as Record<string, unknown>;
  if (data.tasks === null || data.tasks === undefined) data = { ...data, tasks: {} };
  const diagnostics: Diagnostic[] = [];
  const broken = new Set<string>();
  let parsed = RawPlan.safeParse(data);
  for (let pass = 0; !parsed.success && pass < 3; pass++) {
    const structural = structuralDiagnostics(parsed.error.issues, data, source);
    diagnostics.push(...structural.diagnostics);
    const { value: salvaged, dropped } = salvage(data, structural.broken);
    for (const path of [...structural.broken, ...dropped]) broken.add(pathKey(path));
    data = salvaged;
    parsed = RawPlan.safeParse(data);
  }
  if (!parsed.success) return fail(file, diagnostics);

  const knownAgents = new Set(options.knownAgents ?? BUILTIN_AGENTS);
  const plan = normalizePlan(parsed.data, file, source);
  const context = {
    raw: parsed.data,
    plan,
    source,
    duplicates,
    knownAgents,
    isBroken: (path: ValuePath) => broken.has(pathKey(path)),
  };
  for (const rule of planRules) diagnostics.push(...rule(context));

  const errors = diagnostics.filter((d) => (d.severity ?? 'error') === 'error');
  if (errors.length > 0) return fail(file, diagnostics);
  return { ok: true, plan, diagnostics: sortDiagnostics(diagnostics) };
}
