import { describe, expect, it } from 'vitest';
import { cliArgv } from './cli-argv.ts';

describe('cliArgv', () => {
  it('runs the named command on the plan, passing other options on as kebab-case flags', () => {
    expect(cliArgv({ command: 'graph', config: './orchestra.config.yaml', format: 'dot', showCost: true, quiet: false }, '/ws')).toEqual([
      'graph', '--config', '/ws/orchestra.config.yaml', '--format', 'dot', '--show-cost',
    ]);
  });

  it('adds --json, extra args and positionals', () => {
    expect(cliArgv({ command: 'explain', json: true, args: ['--verbose'], _: ['logic'] }, '/ws')).toEqual([
      'explain', '--config', '/ws/orchestra.config.yaml', '--json', '--verbose', 'logic',
    ]);
  });
});
