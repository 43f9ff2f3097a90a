import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { processIo, type CliIo } from './io.ts';
import { UserError } from './user-error.ts';
import { commandNames, loadCommand, loadCommands } from './commands/index.ts';

const VERSION = '0.1.0';

async function topHelp(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'orchestra: run a checked-in plan of coding-agent tasks as a dependency graph.',
    '',
    'Usage: orchestra <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options for every command:',
    '  --config PATH   the plan (default: orchestra.config.yaml, .yml or .json, searched upwards)',
    '  -h, --help      help for a command: orchestra <command> --help',
    '  --version       print the version',
    '',
    'Exit codes: 0 all succeeded or cached; 1 a task failed; 2 invalid plan or usage; 130 interrupted.',
  ].join('\n');
}

function findCommand(name: string): Promise<Command | undefined> {
  return loadCommand(name);
}

/** Runs the CLI and returns the exit code. Never calls process.exit. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    const target = name === 'help' && rest[0] ? await findCommand(rest[0]) : undefined;
    io.stdout.write(`${target ? target.help : await topHelp()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = await findCommand(name);
  if (!command) {
    const { didYouMean } = await import('@orchestra/core/run');
    const near = didYouMean(name, commandNames);
    io.stderr.write(
      `orchestra: unknown command "${name}".${near ? ` Did you mean "${near}"?` : ''}\nRun "orchestra --help" for the list.\n`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    const parsed = parseArgs({
      args: rest,
      options: { config: { type: 'string' }, ...command.options },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return await command.run(parsed as never, io);
  } catch (error: unknown) {
    if (error instanceof UserError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`orchestra ${name}: ${error.message}\nRun "orchestra ${name} --help" for usage.\n`);
      return 2;
    }
    io.stderr.write(`orchestra: internal error (please report it):\n${error instanceof Error ? error.stack : String(error)}\n`);
    return 70;
  }
}
