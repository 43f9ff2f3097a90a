// The forecast part of `orchestra plan`, text or JSON, for the plan command to append.
import type { Plan } from '@orchestra/core';
import { defaultAgents } from '../agents.ts';
import type { CliIo } from '../io.ts';
import { forecastJson, forecastPlan, type ForecastSelection } from './forecast-plan.ts';
import { renderForecastText } from './forecast-text.ts';
import { colorEnabled, makeStyle, unicodeEnabled } from './terminal-style.ts';

/** `stream`: where the text goes (for colour and width); stdout unless said otherwise. */
export async function forecastSection(plan: Plan, io: CliIo, concurrency: number, selection: ForecastSelection = {}, stream = io.stdout) {
  const { forecast, warnings } = await forecastPlan(plan, defaultAgents(io.env), concurrency, selection);
  for (const warning of warnings) io.stderr.write(`orchestra: warning: ${warning}\n`);
  const style = makeStyle({ color: colorEnabled(stream, io.env), unicode: unicodeEnabled(io.env) });
  return {
    json: forecastJson(forecast),
    text: `\n${renderForecastText(forecast, { style, columns: stream.columns ?? 120 }).join('\n')}\n`,
  };
}
