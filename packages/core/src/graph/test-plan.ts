// Builds resolved Plan objects for tests, filling every field the graph code does not care about.
import { DEFAULT_CONCURRENCY, type Plan, type Task, asTaskId } from '../plan/model.ts';

export type TaskSketch = Partial<Omit<Task, 'id' | 'dependsOn'>> & { id: string; dependsOn?: string[] };

export function makeTask(sketch: TaskSketch): Task {
  return {
    agent: 'command',
    inputs: [],
    outputs: [],
    verify: [],
    locks: [],
    retries: 0,
    isolation: 'none',
    ...sketch,
    id: asTaskId(sketch.id),
    dependsOn: [...new Set(sketch.dependsOn ?? [])].sort().map(asTaskId),
  };
}

/** A whole Plan around task sketches; `fields` overrides any plan field (root, file, name...). */
export function makePlan(sketches: readonly TaskSketch[], fields: Partial<Plan> = {}): Plan {
  const tasks = new Map(sketches.map((s) => [asTaskId(s.id), makeTask(s)] as const));
  return {
    file: '/workspace/orchestra.config.yaml',
    root: '/workspace',
    version: 1,
    name: 'test',
    concurrency: DEFAULT_CONCURRENCY,
    schedule: 'eager',
    strict: false,
    isolation: 'none',
    budget: {},
    taskIds: [...tasks.keys()].sort(),
    tasks,
    ...fields,
  };
}
