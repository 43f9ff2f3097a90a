import { buildGraph } from '../../graph/build-graph.ts';
import { findCycle } from '../../graph/find-cycle.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { TaskId } from '../model.ts';
import type { RuleContext } from './rule-context.ts';

/** Reports at most this many distinct cycles; past that the plan needs a rethink, not a list. */
const MAX_CYCLES = 20;

/**
 * Dependency cycles, each printed in the direction people read `dependsOn`: `a → b → c → a` means a
 * depends on b, b on c, c on a. After reporting one cycle we cut one of its edges and search again, so
 * several independent cycles are all listed.
 */
export function dependencyCycles({ plan, raw, source }: RuleContext): Diagnostic[] {
  const graph = buildGraph(plan);
  const diagnostics: Diagnostic[] = [];
  for (let n = 0; n < MAX_CYCLES; n++) {
    const cycle = findCycle(graph);
    if (!cycle || cycle.length < 2) break;
    // Graph edges run dependency -> dependent; reverse to read as "depends on".
    const dependsPath = rotateToSmallest([...cycle].reverse());
    const [first, second] = dependsPath as [TaskId, TaskId];
    const rawIndex = raw.tasks[first]?.dependsOn?.indexOf(second) ?? -1;
    diagnostics.push({
      code: 'cycle',
      message: `dependency cycle: ${dependsPath.join(' → ')} (each task depends on the next)`,
      hint: 'remove one of these dependencies: a task cannot wait, even indirectly, for itself',
      pos: source.positionOf(rawIndex >= 0 ? ['tasks', first, 'dependsOn', rawIndex] : ['tasks', first], rawIndex >= 0 ? 'value' : 'key'),
    });
    graph.dropEdge(second, first);
  }
  return diagnostics;
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
