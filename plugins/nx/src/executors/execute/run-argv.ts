// The executor's options as `orchestra run` arguments: the executor is a thin door into the CLI, so a
// run through Nx behaves exactly as one from a terminal (same flags, same state, same exit codes).
import { isAbsolute, resolve } from 'node:path';
import type { ExecuteExecutorOptions } from './schema.d.ts';

/** `--only a,b`, `--only=a --only=b` and `only: [a, b]` all mean the same tasks. */
export function taskList(value: string[] | string | undefined): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The plan's absolute path: options are relative to the workspace root, never to where nx was started. */
export function planPath(options: ExecuteExecutorOptions, workspaceRoot: string): string {
  const config = options.config ?? 'orchestra.config.yaml';
  return isAbsolute(config) ? config : resolve(workspaceRoot, config);
}

export function runArgv(options: ExecuteExecutorOptions, workspaceRoot: string): string[] {
  const argv = ['run', '--config', planPath(options, workspaceRoot)];
  if (options.concurrency !== undefined) argv.push('--concurrency', String(options.concurrency));
  const only = taskList(options.only);
  if (only.length > 0) argv.push('--only', only.join(','));
  if (options.noDeps || options.deps === false) argv.push('--no-deps');
  if (options.from) argv.push('--from', options.from);
  if (options.force) argv.push('--force');
  if (options.dryRun) argv.push('--dry-run');
  if (options.schedule) argv.push('--schedule', options.schedule);
  if (options.bail) argv.push('--bail');
  if (options.receipts) argv.push('--receipts');
  if (options.json) argv.push('--json');
  return argv;
}
