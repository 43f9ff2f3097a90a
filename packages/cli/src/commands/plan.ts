import { computeWaves } from '@orchestra/core';
import { defaultAgents } from '../agents.ts';
import type { Command } from '../command.ts';
import { displayPath, loadPlanOrFail } from '../load-plan-or-fail.ts';
import { parsePositiveInteger } from '../parse-positive-integer.ts';
import { buildPlanJson } from '../plan-view/plan-json.ts';
import { renderPlanText } from '../plan-view/render-plan-text.ts';
import { forecastSection } from '../report/forecast-section.ts';

const help = `orchestra plan: show what a run would do, wave by wave, without running anything.

Usage: orchestra plan [--config PATH] [--json] [--concurrency N]

Options:
  --config PATH       the plan file, or a folder holding one (default: orchestra.config.yaml,
                      .yml or .json in this folder or the nearest one above)
  --concurrency N     how many tasks may run at once (default: the plan's concurrency, else 4)
  --json              print {"waves": [["id", ...], ...], "tasks": {id: {dependsOn, inputs,
                      outputs, agent, description, locks}}, ...} on stdout
  -h, --help          show this help

A wave holds tasks whose dependencies are all in earlier waves and that do not write the same
files (overlapping outputs) or share a lock, so they may run side by side. The default eager
schedule does not wait for whole waves: a task starts once its own dependencies are done.

Then the forecast: per task whether the next run would run it or take it from the cache, and
why (the same decision run makes); from the history recorded in .orchestra/state.json, the
expected time and cost of what would run, the critical path, and the expected wall time at the
chosen concurrency. A task that never ran has no history: its figures say "unknown", never 0.
With --json the forecast is under "forecast" (unknown figures are null).

Exit codes: 0 printed; 2 the plan is invalid (every problem is listed, as by validate).

Examples:
  orchestra plan
  orchestra plan --config plans/release.yaml --concurrency 8
  orchestra plan --json | jq '.waves | length'`;

export const planCommand: Command = {
  name: 'plan',
  summary: 'print the waves, and forecast what the next run would run, cost and take',
  help,
  options: { json: { type: 'boolean' }, concurrency: { type: 'string' } },
  async run({ values }, io) {
    const loaded = await loadPlanOrFail(io, { config: values.config as string | undefined, knownAgents: defaultAgents(io.env).keys() });
    const concurrency = typeof values.concurrency === 'string' ? parsePositiveInteger('concurrency', values.concurrency) : loaded.concurrency;
    const plan = { ...loaded, concurrency };
    const view = buildPlanJson(plan, computeWaves(plan), displayPath(plan.file, io.cwd));
    const forecast = await forecastSection(plan, io, concurrency);
    io.stdout.write(values.json === true ? `${JSON.stringify({ ...view, forecast: forecast.json }, null, 2)}\n` : renderPlanText(view) + forecast.text);
    return 0;
  },
};
