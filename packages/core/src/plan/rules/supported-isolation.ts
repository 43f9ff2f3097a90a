import type { Diagnostic } from '../diagnostic.ts';
import type { ValuePath } from '../yaml-source.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

/**
 * `isolation: worktree` is part of the format (DESIGN.md) but this orchestra does not run tasks in
 * worktrees yet. Accepting it silently would run the task in the plan's folder while the plan says
 * otherwise, so it is an error until it is built.
 */
export function supportedIsolation(context: RuleContext): Diagnostic[] {
  const places: Array<[ValuePath, string | undefined]> = [
    [['isolation'], context.raw.isolation],
    [['defaults', 'isolation'], context.raw.defaults?.isolation],
    ...rawTasks(context).map(([id, task]): [ValuePath, string | undefined] => [['tasks', id, 'isolation'], task.isolation]),
  ];
  return places
    .filter(([path, isolation]) => isolation === 'worktree' && !context.isBroken(path))
    .map(([path]) => ({
      code: 'unsupported-isolation' as const,
      message: '`isolation: worktree` is not supported yet: every task runs in the plan\'s folder',
      hint: 'remove the key or set `isolation: none`; tasks that must not run together can share a `lock`',
      pos: context.source.positionOf(path),
    }));
}
