// `orchestra graph`: the plan as a Mermaid flowchart (`graph TB`, as the seed draws it), each node
// labelled with its recorded status. Pure. Task ids may hold any character, so nodes get safe
// generated ids (t0, t1...) and the task id only appears inside a quoted, entity-escaped label.
import type { Plan, TaskId } from '@orchestra/core';

export interface NodeStatus {
  status: string;
  /** A short extra, such as "1.2s · $0.02". */
  detail?: string;
}

export type GraphPlan = Pick<Plan, 'taskIds' | 'tasks' | 'name'>;

/** Mermaid labels: quotes and markup characters become entity codes (`#quot;`). */
export function mermaidText(text: string): string {
  return text.replace(/[#"<>&|{}[\]()`]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}

const CLASS_STYLES: Record<string, string> = {
  succeeded: 'fill:#dcfce7,stroke:#16a34a,color:#14532d',
  cached: 'fill:#e0f2fe,stroke:#0284c7,color:#0c4a6e',
  failed: 'fill:#fee2e2,stroke:#dc2626,color:#7f1d1d',
  running: 'fill:#fef9c3,stroke:#ca8a04,color:#713f12',
  skipped: 'fill:#f3f4f6,stroke:#9ca3af,color:#374151',
  pending: 'fill:#ffffff,stroke:#9ca3af,color:#374151',
};

export function renderMermaid(plan: GraphPlan, statusOf: (id: TaskId) => NodeStatus | undefined): string {
  const key = new Map(plan.taskIds.map((id, i) => [id, `t${i}`]));
  const lines = ['graph TB'];
  const byClass = new Map<string, string[]>();
  for (const id of plan.taskIds) {
    const node = key.get(id)!;
    const status = statusOf(id);
    const label = status ? `${mermaidText(id)}<br/>${mermaidText(status.status)}${status.detail ? ` · ${mermaidText(status.detail)}` : ''}` : mermaidText(id);
    lines.push(`    ${node}("${label}")`);
    if (status && CLASS_STYLES[status.status]) byClass.set(status.status, [...(byClass.get(status.status) ?? []), node]);
  }
  for (const id of plan.taskIds) {
    for (const dep of plan.tasks.get(id)?.dependsOn ?? []) {
      const from = key.get(dep);
      if (from) lines.push(`    ${from}-->${key.get(id)!}`);
    }
  }
  for (const [name, nodes] of [...byClass].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`    classDef ${name} ${CLASS_STYLES[name]}`);
    lines.push(`    class ${nodes.join(',')} ${name}`);
  }
  return `${lines.join('\n')}\n`;
}
