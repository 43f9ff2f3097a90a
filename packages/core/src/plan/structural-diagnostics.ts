// Turns the schema's issues into diagnostics at file:line:col, with a hint that says how to fix each.
// Also returns the paths that are broken, so the loader can drop them and still check the rest.
import type { z } from 'zod';
import type { Diagnostic } from './diagnostic.ts';
import { didYouMean } from './did-you-mean.ts';
import { RawPlan } from './schema.ts';
import { descriptionAt, knownKeysAt } from './schema-at-path.ts';
import { describeValue, formatPath, valueAt } from './value-path.ts';
import type { PlanSource, ValuePath } from './yaml-source.ts';

type Issue = z.core.$ZodIssue;

export interface StructuralResult {
  diagnostics: Diagnostic[];
  broken: ValuePath[];
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
};

const PLAN_KEYS = knownKeysAt(RawPlan, []);
const TASK_KEYS = knownKeysAt(RawPlan, ['tasks', '*']);

function container(path: ValuePath): string {
  if (path.length === 0) return 'at the top level of the plan';
  if (path.length === 2 && path[0] === 'tasks') return `in task "${String(path[1])}"`;
  return `in ${formatPath(path)}`;
}

function unknownKeyHint(path: ValuePath, key: string): string {
  const known = knownKeysAt(RawPlan, path);
  const near = didYouMean(key, known);
  if (near) return `did you mean "${near}"?`;
  if (path.length === 0 && TASK_KEYS.includes(key)) return `"${key}" is a task key: put it under "tasks.<id>", or under "defaults" for every task`;
  if (path[0] === 'tasks' && PLAN_KEYS.includes(key)) return `"${key}" is a plan-level key: move it to the top level of the plan`;
  return `remove it; allowed here: ${known.join(', ')}`;
}

/** Hint for a wrong value: what the field is for, and an example where one helps. */
function valueHint(path: ValuePath, value: unknown, expected?: string): string {
  const field = path.at(-1);
  if (path.length === 2 && path[0] === 'tasks') {
    // `tasks:` holding `run:`, `prompt:`... : a task's keys written one level too far left.
    if (TASK_KEYS.includes(String(field))) return `"${String(field)}" is a task key, not a task: indent it under its task (the task's id on its own line, its keys below it)`;
    return 'give the task its keys, e.g. `prompt: ...` (or `agent: command` with `run: [...]`)';
  }
  // A task's own keys, in a task or in `defaults`.
  const taskKey = (path[0] === 'tasks' && path.length >= 3) || path[0] === 'defaults';
  if (taskKey && field === 'timeout') return 'write a duration such as 90s, 20m, 1h or 1h30m (a plain number means seconds)';
  if (taskKey && (field === 'run' || path.at(-2) === 'verify'))
    return 'write an argument list such as [npm, test] (spawned without a shell), or a string such as "npm test" (run by the shell)';
  if (expected === 'array' && (typeof value === 'string' || typeof value === 'number')) return `write a list, even of one item: [${String(value)}]`;
  const description = descriptionAt(RawPlan, path);
  const note =
    value === null
      ? 'give it a value or remove the key'
      : expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
        ? `quote it to make it a string: "${String(value)}"`
        : undefined;
  return [note, description].filter(Boolean).join('; ') || `write ${EXPECTED[expected ?? ''] ?? 'a valid value'} here`;
}

/** Of a union's branches, the one whose type matched (its error is about the content), if any. */
function matchedBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  return issue.errors.find((branch) => branch.some((inner) => !(inner.code === 'invalid_type' && inner.path.length === 0)));
}

function expectedOfUnion(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  const names = issue.errors.flatMap((branch) =>
    branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0).map((inner) => ('expected' in inner ? String(inner.expected) : '')),
  );
  return [...new Set(names.map((n) => EXPECTED[n] ?? n))].join(' or ');
}

/** How to fix a value out of bounds: the bounds, then what the field is for. */
function sizeHint(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, path: ValuePath): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const fix =
    issue.origin === 'string'
      ? small ? 'write something here, or remove the key' : 'shorten it'
      : issue.origin === 'array' || issue.origin === 'set'
        ? small ? 'list at least one item, or remove the key' : 'list fewer items'
        : issue.inclusive === false
          ? `write a number ${small ? 'greater' : 'less'} than ${bound}`
          : `write ${bound} or ${small ? 'more' : 'less'}`;
  const description = descriptionAt(RawPlan, path);
  return description ? `${fix} (${path.at(-1) === undefined ? '' : `${String(path.at(-1))}: `}${description.replace(/\.$/, '')})` : fix;
}

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, label: string): string {
  const small = issue.code === 'too_small';
  if (issue.origin === 'string') return small ? `${label} must not be empty` : `${label} is too long (at most ${issue.maximum} characters)`;
  if (issue.origin === 'array' || issue.origin === 'set') return small ? `${label} must list at least ${issue.minimum} item(s)` : `${label} lists too many items`;
  const bound = small ? issue.minimum : issue.maximum;
  const exclusive = !issue.inclusive;
  if (small) return `${label} must be ${exclusive ? 'greater than' : 'at least'} ${bound}`;
  return `${label} must be ${exclusive ? 'less than' : 'at most'} ${bound}`;
}

export function structuralDiagnostics(issues: readonly Issue[], raw: unknown, source: PlanSource): StructuralResult {
  const diagnostics: Diagnostic[] = [];
  const broken: ValuePath[] = [];

  const visit = (issue: Issue, prefix: ValuePath): void => {
    const path: ValuePath = [...prefix, ...(issue.path as PropertyKey[]).map((p) => (typeof p === 'number' ? p : String(p)))];
    const value = valueAt(raw, path);
    const label = formatPath(path);
    const report = (d: Omit<Diagnostic, 'pos'>, at: ValuePath = path, part: 'key' | 'value' = 'value'): void => {
      diagnostics.push({ ...d, pos: source.positionOf(at, part) });
    };
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          report({ code: 'unknown-key', message: `unknown key "${key}" ${container(path)}`, hint: unknownKeyHint(path, key) }, [...path, key], 'key');
          broken.push([...path, key]);
        }
        return;
      case 'invalid_union': {
        const branch = matchedBranch(issue);
        if (branch) {
          for (const inner of branch) visit(inner, path);
          return;
        }
        report({ code: 'wrong-type', message: `${label} must be ${expectedOfUnion(issue)}, not ${describeValue(value)}`, hint: valueHint(path, value) });
        break;
      }
      case 'invalid_type':
        if (value === undefined) {
          const key = String(path.at(-1));
          report({
            code: 'missing-key',
            message: `missing required key "${key}" ${container(path.slice(0, -1))}`,
            hint: key === 'version' ? 'add `version: 1` at the top of the plan' : `add "${key}: ..."; ${descriptionAt(RawPlan, path) ?? ''}`.trim(),
          }, path.slice(0, -1), 'key');
        } else {
          report({
            code: 'wrong-type',
            message: `${label} must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(value)}`,
            hint: valueHint(path, value, issue.expected),
          });
        }
        break;
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        const near = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
        report({
          code: 'wrong-type',
          message: `${label} must be one of ${allowed.join(', ')}, not ${describeValue(value)}`,
          hint: near ? `did you mean "${near}"?` : `use one of: ${allowed.join(', ')}`,
        });
        break;
      }
      case 'invalid_format':
        report({ code: 'wrong-type', message: `${label}: ${describeValue(value)} is not valid (${issue.message})`, hint: valueHint(path, value) });
        break;
      case 'too_small':
      case 'too_big':
        report({ code: 'wrong-type', message: sizeMessage(issue, label), hint: sizeHint(issue, path) });
        break;
      default:
        report({ code: 'wrong-type', message: `${label}: ${issue.message}`, hint: valueHint(path, value) });
    }
    broken.push(path);
  };

  for (const issue of issues) visit(issue, []);
  return { diagnostics, broken };
}
