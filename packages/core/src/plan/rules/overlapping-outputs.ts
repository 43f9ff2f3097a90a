import type { Diagnostic } from '../diagnostic.ts';
import type { TaskId } from '../model.ts';
import { patternIndex, patternPath } from './inputs-without-dependency.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * Two tasks whose outputs overlap (`build/` and `build/x.txt`, or the same file) never run at once, but
 * each one's recorded outputs then hold what the other writes: whichever ran second makes the first
 * stale ("output build/x.txt added"), and when the first starts by clearing its folder the two run again
 * on every run. A warning: such a plan still runs, just never stays cached.
 */
export function overlappingOutputs(context: RuleContext): Diagnostic[] {
  const { plan } = context;
  if ([...plan.tasks.values()].filter((task) => task.outputs.length > 0).length < 2) return [];
  const { index, writers } = patternIndex(plan);
  const diagnostics: Diagnostic[] = [];
  const said = new Set<string>();
  for (const id of plan.taskIds) {
    for (const pattern of index.outputsOf.get(id) ?? []) {
      for (const other of [pattern, ...(index.overlapping.get(pattern) ?? [])]) {
        for (const writer of writers.get(other) ?? []) {
          const pair = pairKey(id, writer);
          if (writer === id || said.has(pair)) continue;
          said.add(pair);
          const same = other === pattern;
          diagnostics.push({
            code: 'overlapping-outputs',
            severity: 'warning',
            message: same
              ? `tasks "${id}" and "${writer}" both declare the output "${pattern}"`
              : `the outputs of tasks "${id}" ("${pattern}") and "${writer}" ("${other}") overlap`,
            hint: `what one writes changes the outputs recorded for the other, so one of them runs again on the next run: give each task files or a folder of its own`,
            pos: context.source.positionOf(patternPath(context, id, 'outputs', pattern)),
          });
        }
      }
    }
  }
  return diagnostics;
}

function pairKey(a: TaskId, b: TaskId): string {
  return a < b ? `${a}\0${b}` : `${b}\0${a}`;
}
