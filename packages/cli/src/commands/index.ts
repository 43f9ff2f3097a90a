import type { Command } from '../command.ts';

// One file per command; add yours here in the order `orchestra --help` lists them. Each command's
// module is imported only when it runs (or for the help), so `orchestra run` does not load the
// draft, graph or forecast code.
const loaders: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.ts')).runCommand,
  plan: async () => (await import('./plan.ts')).planCommand,
  status: async () => (await import('./status.ts')).statusCommand,
  explain: async () => (await import('./explain.ts')).explainCommand,
  graph: async () => (await import('./graph.ts')).graphCommand,
  reset: async () => (await import('./reset.ts')).resetCommand,
  validate: async () => (await import('./validate.ts')).validateCommand,
  draft: async () => (await import('./draft.ts')).draftCommand,
};

/** The command names, in help order. */
export const commandNames: readonly string[] = Object.keys(loaders);

/** One command, loaded; undefined for an unknown name. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(loaders, name) ? loaders[name]!() : undefined;
}

/** Every command, loaded (for the help). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commandNames.map((name) => loaders[name]!()));
}
