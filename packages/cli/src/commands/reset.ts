import { createInterface } from 'node:readline/promises';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { acquireLock, asTaskId, newTaskState, readReceipts, receiptPath, statePaths, StateStore } from '@orchestra/core';
import { readPlanState } from '../freshness.ts';
import type { Command } from '../command.ts';
import type { CliIo } from '../io.ts';
import { loadPlanOrFail } from '../load-plan-or-fail.ts';
import { resetTargets } from '../report/reset-targets.ts';
import { UserError } from '../user-error.ts';

const help = `orchestra reset: forget what orchestra recorded, so tasks run again on the next run.

Usage: orchestra reset [task...] [--yes] [--config PATH]

Arguments:
  task...         clear these tasks and every task downstream of them (their results feed
                  those tasks); without names, clear every task's recorded state

Options:
  --yes, -y       do not ask for confirmation (needed when not on a terminal, e.g. in CI)
  --config PATH   the plan file, or a folder holding one (default: orchestra.config.yaml,
                  .yml or .json in this folder or the nearest one above)
  -h, --help      show this help

Clears status, attempts, fingerprints, output hashes, sessions and costs from
.orchestra/state.json; logs in .orchestra/logs stay. Files the tasks wrote are not touched.
On a terminal it lists what it will clear and asks first. It takes the plan's lock, so it
refuses while a run is in progress.

Exit codes: 0 cleared (or nothing to clear); 1 declined; 2 unknown task, invalid plan, a run
holds the lock, or not on a terminal without --yes.

Examples:
  orchestra reset logic           # logic and what depends on it run again next time
  orchestra reset --yes           # forget everything, without asking`;

async function confirm(io: CliIo, question: string): Promise<boolean> {
  if (!io.stdin) return false;
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export const resetCommand: Command = {
  name: 'reset',
  summary: 'clear recorded state for all tasks, or for some and their descendants',
  help,
  options: { yes: { type: 'boolean', short: 'y' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const plan = await loadPlanOrFail(io, { config: values.config as string | undefined });
    const paths = statePaths(plan.root);
    const planRef = { name: plan.name, file: plan.file };
    const state = readPlanState(plan, io);
    // A task's receipt (Nx per-task targets) is recorded state too: it would cache the task again.
    const receipts = readReceipts(paths.dir);
    const recorded = [
      ...new Set([
        ...Object.entries(state.tasks)
          .filter(([, t]) => t.status !== 'pending' || t.attempts.length > 0)
          .map(([id]) => id),
        ...[...receipts.keys()].filter((id) => plan.tasks.has(asTaskId(id))),
      ]),
    ];
    const targets = resetTargets(plan, recorded, positionals);
    if (!targets.ok) throw new UserError(targets.message, 2);
    if (targets.ids.length === 0) {
      io.stdout.write(`orchestra reset: nothing recorded${positionals.length ? ` for ${positionals.join(', ')} or their dependents` : ''}; nothing to clear.\n`);
      return 0;
    }
    const list = targets.ids.join(', ');
    if (values.yes !== true) {
      if (!io.stdin?.isTTY) {
        throw new UserError(
          `orchestra reset: would clear the recorded state of ${targets.ids.length} task(s): ${list}\n` +
            `  Not on a terminal, so it cannot ask: add --yes to clear them.`,
          2,
        );
      }
      const yes = await confirm(io, `Clear the recorded state of ${targets.ids.length} task(s): ${list}? [y/N] `);
      if (!yes) {
        io.stderr.write('orchestra reset: nothing cleared.\n');
        return 1;
      }
    }
    const lock = acquireLock(paths.lock);
    if (!lock.ok) throw new UserError(`orchestra reset: ${lock.message}`, 2);
    try {
      const store = new StateStore(paths, planRef);
      const now = new Date().toISOString();
      for (const id of targets.ids) {
        store.setTask(id, newTaskState(now), true);
        rmSync(path.join(plan.root, receiptPath(id)), { force: true });
      }
      await store.close();
    } finally {
      lock.release();
    }
    io.stdout.write(`orchestra reset: cleared ${targets.ids.length} task(s): ${list}. They run again on the next run.\n`);
    return 0;
  },
};
