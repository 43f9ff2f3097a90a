// `orchestra graph --format dot`: the plan for Graphviz, each node labelled with its recorded status.
// Pure. Ids and labels are always double-quoted with `\` and `"` escaped, so any task id is safe.
import type { TaskId } from '@orchestra/core';
import type { GraphPlan, NodeStatus } from './graph-mermaid.ts';

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const FILL: Record<string, string> = {
  succeeded: '#dcfce7',
  cached: '#e0f2fe',
  failed: '#fee2e2',
  running: '#fef9c3',
  skipped: '#f3f4f6',
};

export function renderDot(plan: GraphPlan, statusOf: (id: TaskId) => NodeStatus | undefined): string {
  const lines = [`digraph ${dotString(plan.name)} {`, '  rankdir=TB;', '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];'];
  for (const id of plan.taskIds) {
    const status = statusOf(id);
    const label = status ? `${id}\n${status.status}${status.detail ? ` · ${status.detail}` : ''}` : id;
    const fill = status ? FILL[status.status] : undefined;
    lines.push(`  ${dotString(id)} [label=${dotString(label)}${fill ? `, fillcolor="${fill}"` : ''}];`);
  }
  for (const id of plan.taskIds) {
    for (const dep of plan.tasks.get(id)?.dependsOn ?? []) {
      if (plan.tasks.has(dep)) lines.push(`  ${dotString(dep)} -> ${dotString(id)};`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
