// What `orchestra plan --json` prints. Built as data first, so additions (the forecast) are new keys
// and the text renderer reads the same object.
import type { Plan, TaskId } from '@orchestra/core';

export interface PlanJsonTask {
  description?: string;
  agent: string;
  dependsOn: TaskId[];
  inputs: string[];
  outputs: string[];
  locks: string[];
}

export interface PlanJson {
  name: string;
  /** The plan file as given to the user (relative to the working folder when shorter). */
  file: string;
  concurrency: number;
  schedule: Plan['schedule'];
  /** Task ids per wave, in order; within a wave sorted. */
  waves: TaskId[][];
  tasks: Record<string, PlanJsonTask>;
}

export function buildPlanJson(plan: Plan, waves: TaskId[][], file: string): PlanJson {
  const tasks: Record<string, PlanJsonTask> = {};
  for (const id of waves.flat()) {
    const task = plan.tasks.get(id);
    if (!task) continue;
    tasks[id] = {
      ...(task.description === undefined ? {} : { description: task.description }),
      agent: task.agent,
      dependsOn: [...task.dependsOn],
      inputs: [...task.inputs],
      outputs: [...task.outputs],
      locks: [...task.locks],
    };
  }
  return { name: plan.name, file, concurrency: plan.concurrency, schedule: plan.schedule, waves, tasks };
}
