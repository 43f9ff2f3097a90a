// The forecast part of `orchestra plan`, text or JSON, for the plan command to append.
import type { Plan } from '@orchestra/core';
import { defaultAgents } from '../agents.ts';
import type { CliIo } from '../io.ts';
import { forecastJson, forecastPlan } from './forecast-plan.ts';
import { renderForecastText } from './forecast-text.ts';
import { colorEnabled, makeStyle, unicodeEnabled } from './terminal-style.ts';

export async function forecastSection(plan: Plan, io: CliIo, concurrency: number) {
  const { forecast, warnings } = await forecastPlan(plan, defaultAgents(io.env), concurrency);
  for (const warning of warnings) io.stderr.write(`orchestra: warning: ${warning}\n`);
  const style = makeStyle({ color: colorEnabled(io.stdout, io.env), unicode: unicodeEnabled(io.env) });
  return {
    json: forecastJson(forecast),
    text: `\n${renderForecastText(forecast, { style, columns: io.stdout.columns ?? 120 }).join('\n')}\n`,
  };
}
