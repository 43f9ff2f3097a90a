// `nx run <project>:execute`: runs the plan through the orchestra CLI in-process, so Nx shows exactly what
// a terminal shows and the state file ends up exactly as after `orchestra run`. Never calls process.exit.
import type { ExecutorContext } from '@nx/devkit';
import { runOrchestra } from '../run-orchestra.ts';
import { runArgv } from './run-argv.ts';
import type { ExecuteExecutorOptions } from './schema.d.ts';

export default async function execute(
  options: ExecuteExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const argv = runArgv(options, context.root);
  if (!options.demo) return runOrchestra(argv, context.root, process.env);
  const { startDemo } = await import('./start-demo.ts');
  const demo = await startDemo(options, context.root, process.env);
  try {
    return await runOrchestra(argv, context.root, demo.env);
  } finally {
    await demo.stop();
  }
}
