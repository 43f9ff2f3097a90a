// `--only a,b` and `--from id`: ids that must name tasks of the plan, or a usage error with a hint.
import type { Plan, TaskId } from '@orchestra/core';
import { asTaskId, didYouMean } from '@orchestra/core/run';
import { UserError } from './user-error.ts';

export function parseTaskIds(flag: string, value: string | string[] | undefined, plan: Plan): TaskId[] | undefined {
  if (value === undefined) return undefined;
  const ids = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UserError(`--${flag} needs at least one task id`, 2);
  const problems = ids
    .filter((id) => !plan.tasks.has(asTaskId(id)))
    .map((id) => {
      const near = didYouMean(id, plan.taskIds);
      return `--${flag}: no task "${id}" in ${plan.file}${near ? `; did you mean "${near}"?` : ''}`;
    });
  if (problems.length > 0) throw new UserError(`${problems.join('\n')}\n  hint: "orchestra plan" lists the task ids`, 2);
  return ids.map(asTaskId);
}
