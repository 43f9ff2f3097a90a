// A structurally valid raw plan -> the resolved Plan, then the cross-field rules (unknown ids, cycles,
// paths outside the workspace...). Shared by both ways of checking the structure: zod on the precise
// path (check-plan-value.ts), the JSON Schema on the fast path (fast-load.ts). No zod here.
import type { Diagnostic } from './diagnostic.ts';
import type { LoadResult, ParseOptions } from './load-result.ts';
import { BUILTIN_AGENTS } from './model.ts';
import { normalizePlan } from './normalize-plan.ts';
import { planRules, type RuleContext } from './rules/index.ts';
import type { RawPlan } from './schema.ts';
import { sortDiagnostics } from './sort-diagnostics.ts';
import type { DuplicateKey, PlanSource, ValuePath } from './yaml-source.ts';

/**
 * `earlier`: diagnostics the structure check already found (then values it dropped are `isBroken`, and
 * the rules say nothing more about them).
 */
export function checkRawPlan(
  raw: RawPlan,
  source: PlanSource,
  duplicates: readonly DuplicateKey[],
  options: ParseOptions,
  earlier: readonly Diagnostic[] = [],
  isBroken: (path: ValuePath) => boolean = () => false,
): LoadResult {
  const plan = normalizePlan(raw, source.file, source);
  const context: RuleContext = {
    raw,
    plan,
    source,
    duplicates,
    knownAgents: new Set(options.knownAgents ?? BUILTIN_AGENTS),
    isBroken,
  };
  const diagnostics = [...earlier];
  for (const rule of planRules) diagnostics.push(...rule(context));
  if (diagnostics.some((d) => (d.severity ?? 'error') === 'error')) return { ok: false, file: source.file, diagnostics: sortDiagnostics(diagnostics) };
  return { ok: true, plan, diagnostics: sortDiagnostics(diagnostics) };
}
