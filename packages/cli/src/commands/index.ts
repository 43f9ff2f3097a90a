import type { Command } from '../command.ts';

// One file per command; add yours here in the order `orchestra --help` lists them.
export const commands: Command[] = [];
