// Chooses how a run is shown and wires the reporters to the engine's events:
//   --json           NDJSON events on stdout; the human view goes to stderr
//   a TTY, no CI     the live view, redrawn in place
//   otherwise        plain lines, one per event
// plus the final table, `--report FILE.md`, and under GitHub Actions the job summary and `::error`
// annotations. Every reporter reads one run view folded from the events.
import path from 'node:path';
import type { OrchestraEvent, Plan, Reporter } from '@orchestra/core';
import { planDag, type Dag } from '@orchestra/core/run';
import type { CliIo } from '../io.ts';
import { errorAnnotation, inGitHubActions } from './github-actions.ts';
import { createJsonSink } from './json-sink.ts';
import { createMarkdownSink } from './markdown-sink.ts';
import { createPlainSink } from './plain-sink.ts';
import { applyEvent, emptyRunView } from './run-view.ts';
import type { SummaryPlan } from './run-summary.ts';
import { colorEnabled, liveEnabled, makeStyle, unicodeEnabled } from './terminal-style.ts';
import { guardStream, type SinkContext, type ViewSink } from './view-sink.ts';

export interface ReporterOptions {
  io: CliIo;
  json: boolean;
  /** The plan being run: gives the final table its order and the critical path its edges. */
  plan?: Plan;
  /** `--report FILE.md`: the final summary as Markdown (relative to io.cwd). */
  reportFile?: string;
  /** Force (true) or forbid (false) the live view; by default a TTY outside CI gets it. */
  live?: boolean;
  /** Epoch ms clock, for tests. */
  now?: () => number;
  /** Redraw period of the live view. */
  intervalMs?: number;
  /** false: no human view at all (only NDJSON and reports), e.g. for `run --dry-run --json`. */
  human?: boolean;
}

export function summaryPlanOf(plan: Plan): SummaryPlan {
  // The plan's own DAG, read when the summary first needs it (the critical path): a run whose tasks
  // were all cached never does, and no graph is built for it (~7 ms at the end of a 1,000-task run).
  let dag: Dag | undefined;
  return {
    taskIds: plan.taskIds,
    get dag() {
      dag ??= planDag(plan);
      return dag;
    },
  };
}

/** Async only to load the live view (log-update, ~40 ms) when it is used: never in CI, under Nx or with --json piped. */
export async function createReporter(options: ReporterOptions): Promise<Reporter> {
  const { io, json } = options;
  const env = io.env;
  const context: SinkContext = { now: options.now ?? Date.now };
  if (options.plan) context.plan = summaryPlanOf(options.plan);
  const stdout = guardStream(io.stdout);
  const stderr = guardStream(io.stderr);
  const human = json ? stderr : stdout;
  const live = options.live ?? liveEnabled(human, env);
  const style = makeStyle({ color: colorEnabled(human, env, !live), unicode: unicodeEnabled(env) });
  const github = inGitHubActions(env);
  const sinks: ViewSink[] = [];
  if (json) sinks.push(createJsonSink(stdout));
  if (options.human !== false) {
    sinks.push(
      live
        ? (await import('./live-sink.ts')).createLiveSink({ stream: human, style, context, ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}) })
        : createPlainSink({
            stream: human,
            style,
            context,
            columns: human.columns ?? 160,
            ...(github
              ? {
                  annotate: (event) => {
                    const pos = options.plan?.tasks.get(event.id)?.pos;
                    const base = env.GITHUB_WORKSPACE || io.cwd;
                    const where = pos ? { file: path.relative(base, pos.file).split(path.sep).join('/'), line: pos.line } : undefined;
                    return errorAnnotation(event.id, event.failure, where);
                  },
                }
              : {}),
          }),
    );
  }
  const stepSummary = github ? env.GITHUB_STEP_SUMMARY : undefined;
  if (options.reportFile || stepSummary) {
    sinks.push(
      createMarkdownSink({
        context,
        ...(options.reportFile ? { reportFile: path.resolve(io.cwd, options.reportFile) } : {}),
        ...(stepSummary ? { stepSummaryFile: stepSummary } : {}),
        errors: stderr,
      }),
    );
  }
  const view = emptyRunView();
  let closed = false;
  return {
    onEvent(event: OrchestraEvent) {
      applyEvent(view, event);
      for (const sink of sinks) sink.onEvent(event, view);
    },
    async close() {
      if (closed) return;
      closed = true;
      // A run refused before any task (another run holds the lock, a preflight failed) has nothing
      // to summarize: the command says why. Anything that got further gets its table.
      if (!view.finished && ![...view.tasks.values()].some((t) => t.phase !== 'queued')) {
        await Promise.all(sinks.map((sink) => sink.abandon?.()));
        return;
      }
      for (const sink of sinks) await sink.close(view);
    },
  };
}
