// `nx run p:graph --format=dot` → `orchestra graph --config <plan> --format dot`: declared options map to
// the CLI's flags, undeclared ones are passed on as flags, so every command's own options work through Nx.
import { isAbsolute, resolve } from 'node:path';
import type { CliExecutorOptions } from './schema.d.ts';

const OWN = new Set(['command', 'config', 'json', 'args', '_']);

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function cliArgv(options: CliExecutorOptions, workspaceRoot: string): string[] {
  const config = options.config ?? 'orchestra.config.yaml';
  const argv = [options.command, '--config', isAbsolute(config) ? config : resolve(workspaceRoot, config)];
  if (options.json) argv.push('--json');
  for (const [key, value] of Object.entries(options)) {
    if (OWN.has(key) || value === undefined || value === false) continue;
    const flag = `--${kebab(key)}`;
    if (value === true) argv.push(flag);
    else if (Array.isArray(value)) for (const v of value) argv.push(flag, String(v));
    else argv.push(flag, String(value));
  }
  argv.push(...(options.args ?? []), ...(options._ ?? []).map(String));
  return argv;
}
