import { describe, expect, it } from 'vitest';
import { asTaskId, DEFAULT_CONCURRENCY } from './model.ts';
import { normalizePlan } from './normalize-plan.ts';
import { parsePlanText } from './parse-plan-text.ts';
import { RawPlan } from './schema.ts';

const raw = (value: unknown) => RawPlan.parse(value);

describe('normalizePlan', () => {
  it('fills the plan defaults: name from the folder, concurrency 4, eager, not strict', () => {
    const plan = normalizePlan(raw({ version: 1, tasks: { a: { prompt: 'x' } } }), '/repo/app/orchestra.config.yaml');
    expect(plan).toMatchObject({
      file: '/repo/app/orchestra.config.yaml',
      root: '/repo/app',
      version: 1,
      name: 'app',
      concurrency: DEFAULT_CONCURRENCY,
      schedule: 'eager',
      strict: false,
      isolation: 'none',
      budget: {},
      taskIds: ['a'],
    });
  });

  it('merges defaults into tasks; a task overrides any of them', () => {
    const plan = normalizePlan(
      raw({
        version: 1,
        defaults: { model: 'sonnet', timeout: '20m', retries: 2, allowedTools: ['Read'], isolation: 'worktree' },
        tasks: { a: { prompt: 'x' }, b: { prompt: 'y', model: 'opus', timeout: 90, retries: 0, allowedTools: [] } },
      }),
      '/p/orchestra.config.yaml',
    );
    expect(plan.tasks.get(asTaskId('a'))).toMatchObject({ agent: 'claude', model: 'sonnet', timeoutMs: 1_200_000, retries: 2, allowedTools: ['Read'], isolation: 'worktree' });
    expect(plan.tasks.get(asTaskId('b'))).toMatchObject({ model: 'opus', timeoutMs: 90_000, retries: 0, allowedTools: [] });
  });

  it('sorts and de-duplicates dependsOn and locks, dropping unknown and self dependencies', () => {
    const plan = normalizePlan(
      raw({ version: 1, tasks: { c: { prompt: 'x', dependsOn: ['b', 'a', 'b', 'zz', 'c'], lock: ['y', 'x', 'y'] }, a: { prompt: 'x', lock: 'db' }, b: { prompt: 'x' } } }),
      '/p/orchestra.config.yaml',
    );
    expect(plan.taskIds).toEqual(['a', 'b', 'c']);
    expect(plan.tasks.get(asTaskId('c'))).toMatchObject({ dependsOn: ['a', 'b'], locks: ['x', 'y'] });
    expect(plan.tasks.get(asTaskId('a'))).toMatchObject({ dependsOn: [], locks: ['db'], inputs: [], outputs: [], verify: [] });
  });

  it('keeps the plan-level options', () => {
    const plan = normalizePlan(
      raw({ version: 1, name: 'demo', description: 'd', concurrency: 2, schedule: 'waves', strict: true, isolation: 'worktree', budget: { maxCostUsd: 5 }, claudePath: 'bin/claude', tasks: { a: { agent: 'command', run: ['true'] } } }),
      '/p/orchestra.config.yaml',
    );
    expect(plan).toMatchObject({ name: 'demo', description: 'd', concurrency: 2, schedule: 'waves', strict: true, isolation: 'worktree', budget: { maxCostUsd: 5 }, claudePath: 'bin/claude' });
    expect(plan.tasks.get(asTaskId('a'))).toMatchObject({ agent: 'command', run: ['true'], isolation: 'worktree', retries: 0 });
    expect(plan.tasks.get(asTaskId('a'))).not.toHaveProperty('timeoutMs');
  });

  it('records where each task is declared', () => {
    const result = parsePlanText('version: 1\ntasks:\n  a:\n    prompt: x\n  b: {prompt: y}\n', '/p/orchestra.config.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.tasks.get(asTaskId('b'))?.pos).toEqual({ file: '/p/orchestra.config.yaml', line: 5, col: 3 });
    expect(result.diagnostics).toEqual([]);
  });
});
