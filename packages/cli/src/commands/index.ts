import type { Command } from '../command.ts';
import { draftCommand } from './draft.ts';
import { explainCommand } from './explain.ts';
import { graphCommand } from './graph.ts';
import { planCommand } from './plan.ts';
import { resetCommand } from './reset.ts';
import { runCommand } from './run.ts';
import { statusCommand } from './status.ts';
import { validateCommand } from './validate.ts';

// One file per command; add yours here in the order `orchestra --help` lists them.
export const commands: Command[] = [runCommand, planCommand, statusCommand, explainCommand, graphCommand, resetCommand, validateCommand, draftCommand];
