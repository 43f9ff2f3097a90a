// A parsed plan value -> Plan or diagnostics: the zod schema (with a message and a position for every
// structural problem), then the cross-field rules (check-raw-plan.ts). The precise path's check; the fast
// path (fast-load.ts) checks the same schema without zod.
import type { Diagnostic } from './diagnostic.ts';
import type { LoadResult, ParseOptions } from './load-result.ts';
import { checkRawPlan } from './check-raw-plan.ts';
import { salvage } from './salvage.ts';
import { parseRawPlan } from './parse-raw-plan.ts';
import { sortDiagnostics } from './sort-diagnostics.ts';
import { structuralDiagnostics } from './structural-diagnostics.ts';
import { describeValue, pathKey } from './value-path.ts';
import type { DuplicateKey, PlanSource, ValuePath } from './yaml-source.ts';

export function checkPlanValue(value: unknown, source: PlanSource, duplicates: readonly DuplicateKey[], options: ParseOptions): LoadResult {
  const { file } = source;
  const fail = (diagnostics: Diagnostic[]): LoadResult => ({ ok: false, file, diagnostics: sortDiagnostics(diagnostics) });
  if (value === null || value === undefined) {
    return fail([
      {
        code: 'empty-plan',
        message: 'the plan file is empty',
        hint: 'start with `version: 1` and a `tasks:` mapping; `orchestra draft` can write one for you',
        pos: { file, line: 1, col: 1 },
      },
    ]);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail([
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
  let parsed = parseRawPlan(data);
  for (let pass = 0; !parsed.success && pass < 3; pass++) {
    const structural = structuralDiagnostics(parsed.error.issues, data, source);
    diagnostics.push(...structural.diagnostics);
    const { value: salvaged, dropped } = salvage(data, structural.broken);
    for (const path of [...structural.broken, ...dropped]) broken.add(pathKey(path));
    data = salvaged;
    parsed = parseRawPlan(data);
  }
  if (!parsed.success) return fail(diagnostics);

  return checkRawPlan(parsed.data, source, duplicates, options, diagnostics, (path: ValuePath) => broken.has(pathKey(path)));
}
