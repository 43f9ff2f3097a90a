// Test helpers: a plan and tasks in memory, and the fake `claude` of test/fixtures/fake-claude.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asTaskId, type Plan, type Task } from '@orchestra/core';

export const FAKE_CLAUDE = fileURLToPath(new URL('../../../test/fixtures/fake-claude/claude', import.meta.url));

export const tempDir = (prefix = 'orchestra-claude-'): string => mkdtempSync(path.join(tmpdir(), prefix));

export function makeTask(fields: Omit<Partial<Task>, 'id'> & { id: string }): Task {
  return {
    agent: 'claude',
    prompt: `do ${fields.id}`,
    dependsOn: [],
    inputs: [],
    outputs: [],
    verify: [],
    locks: [],
    retries: 0,
    isolation: 'none',
    ...fields,
    id: asTaskId(fields.id),
  };
}

export function makePlan(root: string, tasks: Task[], fields: Partial<Plan> = {}): Plan {
  return {
    file: path.join(root, 'orchestra.config.yaml'),
    root,
    version: 1,
    name: 'test',
    concurrency: 4,
    schedule: 'eager',
    strict: false,
    isolation: 'none',
    budget: {},
    taskIds: tasks.map((t) => t.id).sort(),
    tasks: new Map(tasks.map((t) => [t.id, t])),
    ...fields,
  };
}

/** A minimal environment: node for the fake CLI, a temp HOME; nothing of the developer's. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, ...extra };
}
