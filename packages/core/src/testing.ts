// Builders for tests in every package (`@orchestra/core/testing`): in-memory plans and tasks with
// every field the code under test does not care about filled in. Not part of the runtime surface.
import { readFileSync } from 'node:fs';
export { makePlan, makeTask, type TaskSketch } from './graph/test-plan.ts';

/** How often each line occurs in a file that tasks append their id to (a missing file: none). */
export function countLines(file: string): Record<string, number> {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const counts: Record<string, number> = Object.create(null);
  for (const line of text.split('\n').filter(Boolean)) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}
export { isAlive } from './util/process-identity.ts';
