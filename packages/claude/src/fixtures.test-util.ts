// Test helpers: a plan and tasks in memory, and the fake `claude` of test/fixtures/fake-claude.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan, Task } from '@orchestra/core';
import { makePlan as makeCorePlan, makeTask as makeCoreTask } from '@orchestra/core/testing';

export const FAKE_CLAUDE = fileURLToPath(new URL('../../../test/fixtures/fake-claude/claude', import.meta.url));

export const tempDir = (prefix = 'orchestra-claude-'): string => mkdtempSync(path.join(tmpdir(), prefix));

/** A claude task (with a prompt) unless the fields say otherwise. */
export function makeTask(fields: Omit<Partial<Task>, 'id'> & { id: string }): Task {
  return makeCoreTask({ agent: 'claude', prompt: `do ${fields.id}`, ...fields });
}

export function makePlan(root: string, tasks: Task[], fields: Partial<Plan> = {}): Plan {
  return makeCorePlan(tasks, { file: path.join(root, 'orchestra.config.yaml'), root, ...fields });
}

/** A minimal environment: node for the fake CLI, a temp HOME; nothing of the developer's. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, ...extra };
}
