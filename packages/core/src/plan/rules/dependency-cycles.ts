import { buildGraph } from '../../graph/build-graph.ts';
import { findCycle } from '../../graph/find-cycle.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { Plan, TaskId } from '../model.ts';
import type { RuleContext } from './rule-context.ts';

/** Reports at most this many distinct cycles; past that the plan needs a rethink, not a list. */
const MAX_CYCLES = 20;

/**
 * Dependency cycles, each printed in the direction people read `dependsOn`: `a → b → c → a` means a
 * depends on b, b on c, c on a. After reporting one cycle we cut one of its edges and search again, so
 * several independent cycles are all listed.
 */
export function dependencyCycles({ plan, raw, source }: RuleContext): Diagnostic[] {
  if (isAcyclic(plan)) return [];
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

/**
 * Kahn's algorithm on the plan's own maps: a cheap yes/no, so the graph (and the search for the
 * cycles' paths) is only built for plans that have a cycle.
 */
function isAcyclic(plan: Plan): boolean {
  const waiting = new Map<TaskId, number>();
  const dependents = new Map<TaskId, TaskId[]>();
  const ready: TaskId[] = [];
  for (const task of plan.tasks.values()) {
    waiting.set(task.id, task.dependsOn.length);
    if (task.dependsOn.length === 0) ready.push(task.id);
    for (const dep of task.dependsOn) {
      const list = dependents.get(dep);
      if (list) list.push(task.id);
      else dependents.set(dep, [task.id]);
    }
  }
  let done = 0;
  for (let id = ready.pop(); id !== undefined; id = ready.pop()) {
    done++;
    for (const next of dependents.get(id) ?? []) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return done === plan.tasks.size;
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
