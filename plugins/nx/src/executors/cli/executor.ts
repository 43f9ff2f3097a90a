// `nx run <project>:plan|status|graph|validate`: the matching orchestra command, in-process.
import type { ExecutorContext } from '@nx/devkit';
import { runOrchestra } from '../run-orchestra.ts';
import { cliArgv } from './cli-argv.ts';
import type { CliExecutorOptions } from './schema.d.ts';

export default async function cli(options: CliExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  return runOrchestra({ argv: cliArgv(options, context.root), cwd: context.root, env: process.env });
}
