import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** One `orchestra <name>` subcommand. `run` returns the exit code; it never calls process.exit. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) and option help, printed by `orchestra <name> --help`. */
  help: string;
  options: OptionSpec;
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
