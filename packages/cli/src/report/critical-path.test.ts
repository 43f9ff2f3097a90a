import { asTaskId, type TaskId } from '@orchestra/core';
import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.ts';

const graph = (edges: Record<string, string[]>) => {
  const ids = Object.keys(edges).map(asTaskId);
  return { ids, deps: (id: TaskId) => (edges[id] ?? []).map(asTaskId) };
};

describe('criticalPath', () => {
  it('follows the heaviest chain, dependencies first', () => {
    const { ids, deps } = graph({ html: [], logic: ['html'], styling: ['html'], check: ['logic', 'styling'] });
    const weights: Record<string, number> = { html: 10, logic: 50, styling: 20, check: 5 };
    expect(criticalPath(ids, deps, (id) => weights[id] ?? 0)).toEqual({ ids: ['html', 'logic', 'check'], durationMs: 65 });
  });

  it('is stable on ties and handles independent tasks', () => {
    const { ids, deps } = graph({ b: [], a: [], c: [] });
    expect(criticalPath(ids, deps, () => 7)).toEqual({ ids: ['a'], durationMs: 7 });
  });

  it('survives a deep chain without recursion', () => {
    const edges: Record<string, string[]> = { t0: [] };
    for (let i = 1; i < 20_000; i += 1) edges[`t${i}`] = [`t${i - 1}`];
    const { ids, deps } = graph(edges);
    const result = criticalPath(ids, deps, () => 1);
    expect(result.durationMs).toBe(20_000);
    expect(result.ids[0]).toBe('t0');
  });

  it('is empty for an empty plan', () => {
    expect(criticalPath([], () => [], () => 1)).toEqual({ ids: [], durationMs: 0 });
  });
});
