// What every cross-field rule sees. A rule is a named function returning every problem it finds.
import type { Diagnostic } from '../diagnostic.ts';
import type { Plan } from '../model.ts';
import type { RawPlan } from '../schema.ts';
import type { DuplicateKey, PlanSource, ValuePath } from '../yaml-source.ts';

export interface RuleContext {
  /** The plan as written, minus the values the schema rejected (those are reported already). */
  raw: RawPlan;
  /** The resolved plan, with unknown and self dependencies dropped. */
  plan: Plan;
  source: PlanSource;
  duplicates: readonly DuplicateKey[];
  knownAgents: ReadonlySet<string>;
  /** True when the schema already reported a problem at `path`: rules stay quiet there. */
  isBroken(path: ValuePath): boolean;
}

export type PlanRule = (context: RuleContext) => Diagnostic[];

/** `[id, rawTask]` pairs in sorted id order, so diagnostics come out in a stable order. */
export const rawTasks = (context: RuleContext) => context.plan.taskIds.map((id) => [id, context.raw.tasks[id] ?? {}] as const);
