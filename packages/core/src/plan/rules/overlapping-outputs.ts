import { compilePatterns } from '../../fingerprint/path-patterns.ts';
import { isLiteralPath } from '../../graph/glob-nfa.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { TaskId } from '../model.ts';
import { patternIndex, patternPath } from './pattern-index.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * Tasks whose outputs overlap (`build/` and `build/x.txt`, or the same file) never run at once, but each
 * one's recorded outputs then hold what the others write: whichever ran last makes the others stale
 * ("output build/x.txt added"), and when one starts by clearing its folder they run again on every run.
 * A warning: such a plan still runs, it just does not stay cached. One warning per group of tasks that
 * overlap (not per pair: 2,000 tasks writing into one folder are one group), and a path a task excludes
 * with a negation (`!build/x.txt`) is not an overlap here, though the scheduler still keeps the two apart.
 */
export function overlappingOutputs(context: RuleContext): Diagnostic[] {
  const { plan } = context;
  if ([...plan.tasks.values()].filter((task) => task.outputs.length > 0).length < 2) return [];
  const { index, writers } = patternIndex(plan);
  const order = new Map(plan.taskIds.map((id, i) => [id, i]));
  const parent = new Map<TaskId, TaskId>();
  const find = (id: TaskId): TaskId => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: TaskId, b: TaskId): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(order.get(ra)! < order.get(rb)! ? rb : ra, order.get(ra)! < order.get(rb)! ? ra : rb);
  };
  const involved: Array<[TaskId, string]> = [];
  const negations = new Map<TaskId, ReturnType<typeof compilePatterns>['negated']>();
  const excludes = (id: TaskId, pattern: string): boolean => {
    if (!isLiteralPath(pattern)) return false;
    if (!negations.has(id)) negations.set(id, compilePatterns(plan.tasks.get(id)!.outputs).negated);
    return negations.get(id)!.some((n) => n.matches(pattern));
  };

  // The same pattern declared by several tasks.
  for (const [pattern, ids] of writers) {
    for (let i = 1; i < ids.length; i++) union(ids[0]!, ids[i]!);
    if (ids.length > 1) for (const id of ids) involved.push([id, pattern]);
  }
  // Different patterns that overlap: one pair of their writers that no negation keeps apart joins the groups.
  for (const [pattern, others] of index.overlapping) {
    const mine = writers.get(pattern) ?? [];
    for (const other of others) {
      if (other < pattern) continue; // each pair once
      const theirs = writers.get(other) ?? [];
      const pair = pairApart(mine, theirs, (a) => excludes(a, other), (b) => excludes(b, pattern));
      if (!pair) continue;
      union(pair[0], pair[1]);
      involved.push([pair[0], pattern], [pair[1], other]);
    }
  }

  const groups = new Map<TaskId, { ids: Set<TaskId>; patterns: Set<string>; first: [TaskId, string] }>();
  for (const [id, pattern] of involved) {
    const root = find(id);
    const group = groups.get(root) ?? { ids: new Set<TaskId>(), patterns: new Set<string>(), first: [id, pattern] };
    group.ids.add(id);
    group.patterns.add(pattern);
    if (order.get(id)! < order.get(group.first[0])!) group.first = [id, pattern];
    groups.set(root, group);
  }
  return [...groups.values()]
    .sort((a, b) => order.get(a.first[0])! - order.get(b.first[0])!)
    .map((group) => {
      const ids = [...group.ids].sort((a, b) => order.get(a)! - order.get(b)!);
      const patterns = [...group.patterns].sort();
      return {
        code: 'overlapping-outputs',
        severity: 'warning',
        message:
          ids.length === 2 && patterns.length === 1
            ? `tasks "${ids[0]}" and "${ids[1]}" both declare the output "${patterns[0]}"`
            : `the outputs of tasks ${list(ids.map((id) => `"${id}"`))} overlap: ${list(patterns.map((p) => `"${p}"`))}`,
        hint: 'what one writes changes the outputs recorded for the others, so some run again on the next run: give each task files or a folder of its own',
        pos: context.source.positionOf(patternPath(context, group.first[0], 'outputs', group.first[1])),
      } satisfies Diagnostic;
    });
}

/** A writer from each side that no negation of its own keeps from the other side's pattern. */
function pairApart(mine: readonly TaskId[], theirs: readonly TaskId[], mineExcludes: (id: TaskId) => boolean, theirsExclude: (id: TaskId) => boolean): [TaskId, TaskId] | undefined {
  const a = mine.find((id) => !mineExcludes(id));
  const b = theirs.find((id) => !theirsExclude(id) && id !== a);
  return a !== undefined && b !== undefined ? [a, b] : undefined;
}

/** "a, b, c and 4 more". */
function list(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
