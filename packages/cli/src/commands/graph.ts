import { readPlanState } from '../freshness.ts';
import type { Command } from '../command.ts';
import { loadPlanOrFail } from '../load-plan-or-fail.ts';
import { renderDot } from '../report/graph-dot.ts';
import { renderMermaid } from '../report/graph-mermaid.ts';
import { recordedStatus } from '../report/recorded-status.ts';
import { UserError } from '../user-error.ts';

const help = `orchestra graph: print the plan's dependency graph as Mermaid or Graphviz DOT.

Usage: orchestra graph [--config PATH] [--format mermaid|dot]

Options:
  --config PATH          the plan file, or a folder holding one (default: orchestra.config.yaml,
                         .yml or .json in this folder or the nearest one above)
  --format mermaid|dot   mermaid (default): a "graph TB" flowchart for Markdown, GitHub and
                         mermaid.live; dot: for Graphviz (dot -Tsvg)
  -h, --help             show this help

Each task is a node, each dependency an arrow from the dependency to its dependent. When the
plan has run before, each node also shows its recorded status (succeeded, failed, cached,
running...) with its last duration and its cost so far, coloured by status.

Exit codes: 0 printed; 2 the plan is invalid or the format unknown.

Examples:
  orchestra graph > plan.mmd
  orchestra graph --format dot | dot -Tsvg > plan.svg`;

export const graphCommand: Command = {
  name: 'graph',
  summary: 'print the dependency graph as Mermaid or DOT, with recorded statuses',
  help,
  options: { format: { type: 'string' } },
  async run({ values }, io) {
    const format = (values.format as string | undefined) ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'dot') {
      throw new UserError(`--format must be mermaid or dot, not "${format}"\nRun "orchestra graph --help" for usage.`, 2);
    }
    const plan = await loadPlanOrFail(io, { config: values.config as string | undefined });
    const state = readPlanState(plan, io);
    const statusOf = (id: string) => recordedStatus(state.tasks[id]);
    io.stdout.write(format === 'dot' ? renderDot(plan, statusOf) : renderMermaid(plan, statusOf));
    return 0;
  },
};
