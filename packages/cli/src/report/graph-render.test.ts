import type { Plan } from '@orchestra/core';
import { makePlan } from '@orchestra/core/testing';
import { describe, expect, it } from 'vitest';
import { renderDot } from './graph-dot.ts';
import { renderMermaid } from './graph-mermaid.ts';

function plan(deps: Record<string, string[]>): Pick<Plan, 'taskIds' | 'tasks' | 'name'> {
  return makePlan(Object.entries(deps).map(([id, dependsOn]) => ({ id, dependsOn })), { name: 'demo "x"' });
}

const sample = plan({ html: [], 'logic "js"': ['html'], 'a|b<c>': ['html'], check: ['logic "js"', 'a|b<c>'] });

describe('graph export', () => {
  it('draws Mermaid graph TB with safe node ids, escaped labels and status classes', () => {
    const text = renderMermaid(sample, (id) => (id === 'html' ? { status: 'succeeded', detail: '1.2s' } : id === 'check' ? { status: 'failed' } : undefined));
    expect(text).toBe(
      [
        'graph TB',
        '    t0("a#124;b#60;c#62;")',
        '    t1("check<br/>failed")',
        '    t2("html<br/>succeeded · 1.2s")',
        '    t3("logic #34;js#34;")',
        '    t2-->t0',
        '    t0-->t1',
        '    t3-->t1',
        '    t2-->t3',
        '    classDef failed fill:#fee2e2,stroke:#dc2626,color:#7f1d1d',
        '    class t1 failed',
        '    classDef succeeded fill:#dcfce7,stroke:#16a34a,color:#14532d',
        '    class t2 succeeded',
        '',
      ].join('\n'),
    );
  });

  it('draws DOT with quoted, escaped ids', () => {
    const text = renderDot(sample, (id) => (id === 'html' ? { status: 'cached' } : undefined));
    expect(text).toContain('digraph "demo \\"x\\"" {');
    expect(text).toContain('  "html" [label="html\\ncached", fillcolor="#e0f2fe"];');
    expect(text).toContain('  "html" -> "logic \\"js\\"";');
    expect(text).toContain('  "a|b<c>" -> "check";');
    expect(text.trimEnd().endsWith('}')).toBe(true);
  });
});
