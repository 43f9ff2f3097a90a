import { findPlanCycles } from '../../graph/find-cycle.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { TaskId } from '../model.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * Dependency cycles, one per knot of tasks that wait for each other, each printed in the direction
 * people read `dependsOn`: `a → b → c → a` means a depends on b, b on c, c on a. Reported at the
 * dependsOn entry of the first task that names the next.
 */
export function dependencyCycles({ plan, raw, source }: RuleContext): Diagnostic[] {
  return findPlanCycles(plan).map((cycle): Diagnostic => {
    // Cycles follow graph edges (dependency -> dependent); reversed they read as "depends on".
    const dependsPath = rotateToSmallest([...cycle].reverse());
    const [first, second] = dependsPath as [TaskId, TaskId];
    const index = raw.tasks[first]?.dependsOn?.indexOf(second) ?? -1;
    return {
      code: 'cycle',
      message: `dependency cycle: ${dependsPath.join(' → ')} (each task depends on the next)`,
      hint: 'remove one of these dependencies: a task cannot wait, even indirectly, for itself',
      pos: index >= 0 ? source.positionOf(['tasks', first, 'dependsOn', index]) : source.positionOf(['tasks', first], 'key'),
    };
  });
}

/** `[b, c, a, b]` -> `[a, b, c, a]`: the same cycle always prints the same way. */
function rotateToSmallest(path: TaskId[]): TaskId[] {
  const ring = path.slice(0, -1);
  let start = 0;
  ring.forEach((id, i) => {
    if (id < ring[start]!) start = i;
  });
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  return [...rotated, rotated[0]!];
}
