import path from 'node:path';
import type { Diagnostic } from '../diagnostic.ts';
import type { ValuePath } from '../yaml-source.ts';
import { rawTasks, type RuleContext } from './rule-context.ts';

const PATH_LISTS = ['inputs', 'outputs', 'addDirs'] as const;

/** Why a plan path leaves the workspace, or undefined when it stays inside. Globs are paths here. */
export function pathEscape(pattern: string): 'absolute' | 'outside' | undefined {
  const text = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  // Most paths are plainly relative: skip the normalizing for them (plans can hold 10,000s).
  if (!text.includes('..') && !/^(?:[/\\]|[A-Za-z]:)/.test(text)) return undefined;
  if (path.posix.isAbsolute(text) || path.win32.isAbsolute(text) || /^[A-Za-z]:/.test(text)) return 'absolute';
  const normal = path.posix.normalize(text.replaceAll('\\', '/'));
  return normal === '..' || normal.startsWith('../') ? 'outside' : undefined;
}

/**
 * `inputs`, `outputs` and `addDirs` are relative to the plan's folder and stay inside it: a plan from
 * a repository must not read or write the rest of the machine.
 */
export function pathsInsideWorkspace(context: RuleContext): Diagnostic[] {
  const owners: Array<[ValuePath, Partial<Record<(typeof PATH_LISTS)[number], string[]>>]> = [
    [['defaults'], context.raw.defaults ?? {}],
    ...rawTasks(context).map(([id, task]): [ValuePath, typeof task] => [['tasks', id], task]),
  ];
  const diagnostics: Diagnostic[] = [];
  for (const [owner, values] of owners) {
    for (const key of PATH_LISTS) {
      (values[key] ?? []).forEach((item, index) => {
        const escape = pathEscape(item);
        if (!escape) return;
        diagnostics.push({
          code: 'path-outside-workspace',
          message: `${key} entry "${item}" ${escape === 'absolute' ? 'is an absolute path' : 'leads outside the workspace'}`,
          hint: "paths are relative to the folder that holds the plan, and stay inside it; write the path from there (no leading /, no ..)",
          pos: context.source.positionOf([...owner, key, index]),
        });
      });
    }
  }
  return diagnostics;
}
