import type { Freshness } from '@orchestra/core';
import type { Command } from '../command.ts';
import { freshnessWord, planFreshness } from '../freshness.ts';
import { loadPlanOrFail } from '../load-plan-or-fail.ts';

const help = `orchestra status: show, for each task, whether the next run would skip it and why not.

Usage: orchestra status [--config PATH] [--json]

Options:
  --config PATH   the plan file, or a folder holding one (default: orchestra.config.yaml,
                  .yml or .json in this folder or the nearest one above)
  --json          print {"tasks": {id: {"status", "reasons", "lastRun"}}}
  -h, --help      show this help

Each task is:
  cached     its last success still holds: same definition, agent, input contents and
             dependency outputs, and its outputs are untouched; "orchestra run" skips it
  stale      it will run, and the reasons say why: which input, output, definition field or
             dependency changed, or that its last attempt failed
  never run  no attempt recorded yet
  failed, interrupted
             no success yet: its last attempt failed, or a run that stopped cut it
             short; the next run runs it
  running    no success yet, and the run in progress is running it now

This is the very decision "orchestra run" makes, read from .orchestra/state.json; nothing is
written. One thing only a run can tell: a task stale only because a dependency will run stays
cached if that dependency's outputs come out the same. "orchestra explain ID" shows one task's
fingerprint, part by part.

Exit codes: 0 shown; 2 the plan is invalid.`;

export const statusCommand: Command = {
  name: 'status',
  summary: 'show which tasks are cached, stale (and why), never run, failed or interrupted',
  help,
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const plan = await loadPlanOrFail(io, { config: values.config as string | undefined });
    const { state, statuses, runInProgress } = await planFreshness(plan, io);
    const lastRun = (id: string) => {
      const t = state.tasks[id];
      if (!t) return undefined;
      const a = t.attempts.at(-1);
      return { status: t.status, attempts: t.attempts.length, ...(a?.endedAt ? { endedAt: a.endedAt } : {}), costUsd: t.costUsd };
    };
    if (values.json === true) {
      const tasks = Object.fromEntries(
        plan.taskIds.map((id) => {
          const f = statuses.get(id)!;
          return [id, { status: freshnessWord(f, state.tasks[id], runInProgress), reasons: f.kind === 'cached' ? [] : f.reasons, lastRun: lastRun(id) ?? null }];
        }),
      );
      io.stdout.write(`${JSON.stringify({ plan: plan.file, tasks }, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(4, ...plan.taskIds.map((id) => id.length));
    const lines = [`${'task'.padEnd(width)}  ${'status'.padEnd(11)}  why`];
    const counts = new Map<string, number>([['cached', 0], ['stale', 0], ['never run', 0]]);
    for (const id of plan.taskIds) {
      const f = statuses.get(id)!;
      const word = freshnessWord(f, state.tasks[id], runInProgress);
      counts.set(word, (counts.get(word) ?? 0) + 1);
      const why = f.kind === 'cached' ? '' : f.reasons.join('; ');
      lines.push(`${id.padEnd(width)}  ${word.padEnd(11)}  ${why}`.trimEnd());
    }
    lines.push('', `${[...counts].map(([word, n]) => `${n} ${word}`).join(', ')} (of ${plan.taskIds.length})`);
    // Stale for no reason of its own, and early cutoff can spare it: that needs the dependencies' outputs
    // (one without any passes on its fingerprint, which changes when it runs).
    const onlyDependencies = (f: Freshness): boolean =>
      f.kind === 'stale' &&
      f.waitingOn !== undefined &&
      f.reasons.length === f.waitingOn.length &&
      f.waitingOn.every((dep) => plan.tasks.get(dep)!.outputs.length > 0);
    if (plan.taskIds.some((id) => onlyDependencies(statuses.get(id)!))) {
      lines.push('Tasks stale only because a dependency will run stay cached if its outputs come out the same.');
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
