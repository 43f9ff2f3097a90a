import type { TaskId } from '@orchestra/core';
import { killAllProcessesNow, runPlan, RunRefusedError, StateWriteError } from '@orchestra/core/run';
import { defaultAgents } from '../agents.ts';
import type { Command } from '../command.ts';
import { loadPlanOrFail } from '../load-plan-or-fail.ts';
import { parsePositiveInteger } from '../parse-positive-integer.ts';
import { createReporter } from '../report/create-reporter.ts';
import { parseTaskIds } from '../task-ids-option.ts';
import { UserError } from '../user-error.ts';

const help = `orchestra run: run the plan's tasks as a dependency graph, skipping what has not changed.

Usage: orchestra run [--config PATH] [-j N] [--only a,b [--no-deps]] [--from ID] [--force]
                     [--dry-run] [--schedule eager|waves] [--bail] [--receipts] [--json]
                     [--report FILE.md]

Options:
  --config PATH           the plan file, or a folder holding one (default: orchestra.config.yaml,
                          .yml or .json in this folder or the nearest one above)
  -j, --concurrency N     at most N tasks at once (default: the plan's concurrency, else 4)
  --only a,b              only these tasks, and what they depend on (repeatable)
  --no-deps               with --only: not what they depend on; those count as done when their
                          outputs are on disk (how Nx's per-task targets run a task)
  --from ID               this task and everything downstream of it, even if cached
  --force                 run every selected task, even if cached
  --dry-run               say what would run and why; run nothing, change nothing
  --schedule eager|waves  eager (default): a task starts as soon as its dependencies are done;
                          waves: wave by wave, as "orchestra plan" prints them
  --bail                  start nothing new after the first failure
  --receipts              also write each task's success to .orchestra/receipts/<task>.json, for
                          caches that restore files (Nx's per-task targets declare it as an output);
                          receipts found are used with or without it, under the same test as the
                          state's own success (same fingerprint, its outputs on disk)
  --json                  NDJSON events on stdout (see docs/events.md); the human view on stderr
  --report FILE.md        also write the final summary as Markdown
  -h, --help              show this help

A task is skipped (cached) when its definition, agent, inputs' contents and dependencies' outputs
are those of its last success and its outputs are untouched since; "orchestra status" and
"orchestra explain ID" say why a task would run. State and logs live in .orchestra/ beside the
plan: .orchestra/logs/<task>/<attempt>.log for each attempt that printed something, failed or ran
for over a second. Ctrl-C stops starting tasks, terminates the running ones (whole process trees)
and records where the run stopped; the next run resumes there. So do SIGTERM and SIGHUP (a closed
terminal or ssh session). A second Ctrl-C kills the running tasks at once instead of waiting out
their 5 s grace period.

Exit codes: 0 every task succeeded or was cached; 1 a task failed (or the budget, a usage limit,
or authentication stopped the run); 2 invalid plan or usage, or another run holds the plan's lock;
130 interrupted.

Examples:
  orchestra run
  orchestra run --only check --concurrency 2
  orchestra run --from logic --json > events.ndjson`;

export const runCommand: Command = {
  name: 'run',
  summary: 'run the plan: tasks in parallel as a DAG, cached by content hash, resumable',
  help,
  options: {
    concurrency: { type: 'string', short: 'j' },
    only: { type: 'string', multiple: true },
    'no-deps': { type: 'boolean' },
    receipts: { type: 'boolean' },
    from: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    schedule: { type: 'string' },
    bail: { type: 'boolean' },
    json: { type: 'boolean' },
    report: { type: 'string' },
  },
  async run({ values }, io) {
    const schedule = values.schedule as string | undefined;
    if (schedule !== undefined && schedule !== 'eager' && schedule !== 'waves') {
      throw new UserError(`--schedule must be eager or waves, not "${schedule}"`, 2);
    }
    const concurrency = typeof values.concurrency === 'string' ? parsePositiveInteger('concurrency', values.concurrency) : undefined;
    const agents = defaultAgents(io.env);
    const dryRun = values['dry-run'] === true;
    // A run goes through the compiled-plan cache; a dry run reads it but writes nothing.
    const plan = await loadPlanOrFail(io, { config: values.config as string | undefined, knownAgents: agents.keys(), cache: dryRun ? 'read' : 'write' });
    const only = parseTaskIds('only', values.only as string[] | undefined, plan);
    if (values['no-deps'] === true && !only) throw new UserError('--no-deps goes with --only: name the tasks to run without their dependencies', 2);
    const from = parseTaskIds('from', values.from as string | undefined, plan)?.[0] as TaskId | undefined;
    if (dryRun) {
      // The forecast (report/forecast-section.ts) says what would run, why, and what it would cost;
      // with --json the engine's dry-run events also go to stdout.
      const selection = {
        ...(only ? { only } : {}),
        ...(from ? { from } : {}),
        ...(values.force === true ? { force: true } : {}),
        ...(schedule ? { schedule: schedule as 'eager' | 'waves' } : {}),
      };
      const out = values.json === true ? io.stderr : io.stdout;
      const { forecastSection } = await import('../report/forecast-section.ts');
      out.write((await forecastSection(plan, io, concurrency ?? plan.concurrency, selection, out)).text.replace(/^\n/, ''));
      if (values.json !== true) return 0;
    }

    const controller = new AbortController();
    // The first signal stops the run cleanly (SIGTERM to the tasks, a grace period, state recorded);
    // a second one means now: the tasks' processes get SIGKILL without waiting out the grace period.
    const abort = (): void => {
      if (!controller.signal.aborted) return controller.abort();
      io.stderr.write('orchestra: interrupted again: killing the running tasks now\n');
      killAllProcessesNow();
    };
    io.signal?.addEventListener('abort', abort, { once: true });
    // SIGHUP too: a closed terminal or a dropped ssh session must stop the run as cleanly as Ctrl-C
    // (Node's default for SIGHUP is to die at once, with nothing recorded).
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, abort);
    // After a hang-up the terminal is gone: writing to it fails (EIO), which must not crash the clean stop.
    const hungUp = (): void => {
      for (const stream of [io.stdout, io.stderr]) stream.on('error', () => {});
    };
    process.once('SIGHUP', hungUp);
    const reporter = await createReporter({
      io,
      json: values.json === true,
      plan,
      ...(typeof values.report === 'string' ? { reportFile: values.report } : {}),
      ...(dryRun ? { human: false } : {}),
    });
    try {
      const result = await runPlan({
        plan,
        agents,
        reporter,
        env: io.env,
        signal: controller.signal,
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(only ? { only } : {}),
        ...(values['no-deps'] === true ? { noDeps: true } : {}),
        ...(from ? { from } : {}),
        ...(values.force === true ? { force: true } : {}),
        ...(values['dry-run'] === true ? { dryRun: true } : {}),
        ...(schedule ? { schedule } : {}),
        ...(values.bail === true ? { bail: true } : {}),
        ...(values.receipts === true ? { receipts: true } : {}),
      });
      return result.exitCode;
    } catch (error: unknown) {
      if (error instanceof RunRefusedError) throw new UserError(`orchestra run: ${error.message}`, 2);
      if (error instanceof StateWriteError) {
        throw new UserError(
          `orchestra run: ${error.message}\n` +
            '  Free some space, or make the .orchestra folder writable, and run again: what was recorded stays, and a\n' +
            '  task whose outcome was not recorded runs again (a run still going when this happened ended its tasks).',
          1,
        );
      }
      throw error;
    } finally {
      for (const s of signals) process.off(s, abort);
      process.off('SIGHUP', hungUp);
      io.signal?.removeEventListener('abort', abort);
      await reporter.close?.();
    }
  },
};
