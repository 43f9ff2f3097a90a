// `nx run <project>:execute`: runs the plan through the orchestra CLI in-process, so Nx shows exactly what
// a terminal shows and the state file ends up exactly as after `orchestra run`. Never calls process.exit.
import type { ExecutorContext } from '@nx/devkit';
import { runOrchestra } from '../run-orchestra.ts';
import { planPath, runArgv } from './run-argv.ts';
import type { ExecuteExecutorOptions } from './schema.d.ts';

export default async function execute(
  options: ExecuteExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const planFile = planPath(options, context.root);
  const call = { argv: runArgv(options, context.root), planFile, cwd: context.root };
  if (!options.demo) return runOrchestra({ ...call, env: process.env });

  const { startDemo } = await import('./start-demo.ts');
  const demo = await startDemo(options, context.root, planFile, process.env);
  process.stderr.write(
    'orchestra demo: the real Claude Code CLI, answered by a scripted local model (no account; nothing leaves this machine)\n',
  );
  try {
    const result = await runOrchestra({ ...call, env: demo.env });
    if (result.success && demo.message) process.stderr.write(`${demo.message}\n`);
    return result;
  } finally {
    await demo.stop();
  }
}
