// The final summary as Markdown: written to `--report FILE.md`, and appended to GitHub's job summary
// ($GITHUB_STEP_SUMMARY) when running under GitHub Actions.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { summarizeRun } from './run-summary.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';
import type { SinkContext, ViewSink, Writable } from './view-sink.ts';

export interface MarkdownSinkOptions {
  context: SinkContext;
  /** Absolute path to write (replaced). */
  reportFile?: string;
  /** Absolute path to append to. */
  stepSummaryFile?: string;
  /** Where to say that a file could not be written. */
  errors: Writable;
}

export function createMarkdownSink({ context, reportFile, stepSummaryFile, errors }: MarkdownSinkOptions): ViewSink {
  return {
    onEvent() {},
    async close(view) {
      const markdown = renderSummaryMarkdown(summarizeRun(view, context.plan, context.now()));
      const writes: [string, () => Promise<void>][] = [];
      if (reportFile) {
        writes.push([
          reportFile,
          async () => {
            await mkdir(path.dirname(reportFile), { recursive: true });
            await writeFile(reportFile, markdown);
          },
        ]);
      }
      if (stepSummaryFile) writes.push([stepSummaryFile, () => appendFile(stepSummaryFile, `${markdown}\n`)]);
      for (const [file, write] of writes) {
        try {
          await write();
        } catch (error: unknown) {
          // A report that cannot be written must not hide the run's own outcome.
          errors.write(`orchestra: could not write the report ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    },
  };
}
