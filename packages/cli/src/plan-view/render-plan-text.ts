// `orchestra plan` for people: the waves, task by task, with what each waits for and writes.
//
//   recipe-converter (orchestra.config.yaml): 4 tasks in 3 waves, concurrency 2, schedule eager
//
//   wave 1
//     html     claude   Create the HTML structure
//              writes   recipe-converter/index.html
//   wave 2
//     logic    claude   Implement the conversion logic
//              after    html
//              writes   recipe-converter/convert.js, recipe-converter/script.js
import type { PlanJson } from './plan-json.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderPlanText(view: PlanJson): string {
  const ids = view.waves.flat();
  const idWidth = Math.min(30, Math.max(4, ...ids.map((id) => id.length)));
  const agentWidth = Math.max(6, ...Object.values(view.tasks).map((t) => t.agent.length));
  const pad = ' '.repeat(4 + idWidth + 2);
  const lines = [
    `${view.name} (${view.file}): ${plural(ids.length, 'task')} in ${plural(view.waves.length, 'wave')}, concurrency ${view.concurrency}, schedule ${view.schedule}`,
  ];
  view.waves.forEach((wave, index) => {
    lines.push('', `wave ${index + 1}${wave.length > view.concurrency ? ` (${wave.length} tasks, ${view.concurrency} at a time)` : ''}`);
    for (const id of wave) {
      const task = view.tasks[id];
      if (!task) continue;
      lines.push(`    ${id.padEnd(idWidth)}  ${task.agent.padEnd(agentWidth)}  ${task.description ?? ''}`.trimEnd());
      const detail = (label: string, items: readonly string[]): void => {
        if (items.length > 0) lines.push(`${pad}${label.padEnd(agentWidth)}  ${items.join(', ')}`);
      };
      detail('after', task.dependsOn);
      detail('reads', task.inputs);
      detail('writes', task.outputs);
      detail('locks', task.locks);
    }
  });
  return `${lines.join('\n')}\n`;
}
