// Task ids with every dependency before its dependents; ties in id order, so the result is stable.
// Iterative (Kahn), so a 10,000-task chain does not overflow the stack.
import type { Plan, TaskId } from '../plan/model.ts';
import { dependentsOf } from './select-tasks.ts';

export function topologicalOrder(plan: Plan): TaskId[] {
  const dependents = dependentsOf(plan);
  const remaining = new Map<TaskId, number>(plan.taskIds.map((id) => [id, plan.tasks.get(id)!.dependsOn.length]));
  const order: TaskId[] = [];
  const ready = plan.taskIds.filter((id) => remaining.get(id) === 0);
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const next of dependents.get(id) ?? []) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (order.length !== plan.taskIds.length) throw new Error('topologicalOrder: the plan has a cycle (validate it first)');
  return order;
}
