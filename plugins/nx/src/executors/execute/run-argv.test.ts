import { describe, expect, it } from 'vitest';
import { runArgv, taskList } from './run-argv.ts';

describe('runArgv', () => {
  it('maps every option to the matching `orchestra run` flag, the plan resolved from the workspace root', () => {
    expect(
      runArgv(
        { config: 'apps/a/orchestra.config.yaml', concurrency: 2, only: ['a', 'b'], noDeps: true, from: 'c', force: true, dryRun: true, schedule: 'waves', bail: true, json: true },
        '/ws',
      ),
    ).toEqual(['run', '--config', '/ws/apps/a/orchestra.config.yaml', '--concurrency', '2', '--only', 'a,b', '--no-deps', '--from', 'c', '--force', '--dry-run', '--schedule', 'waves', '--bail', '--json']);
  });

  it('defaults to the root plan and leaves unset flags out', () => {
    expect(runArgv({}, '/ws')).toEqual(['run', '--config', '/ws/orchestra.config.yaml']);
    expect(runArgv({ config: '/abs/p.yaml', force: false }, '/ws')).toEqual(['run', '--config', '/abs/p.yaml']);
  });

  it('takes `nx run p:execute --only=a --no-deps` (deps: false) as --no-deps', () => {
    expect(runArgv({ only: 'a', deps: false }, '/ws')).toEqual(['run', '--config', '/ws/orchestra.config.yaml', '--only', 'a', '--no-deps']);
  });

  it('accepts task lists as arrays or comma-separated strings', () => {
    expect(taskList('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(taskList(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(taskList(undefined)).toEqual([]);
  });
});
