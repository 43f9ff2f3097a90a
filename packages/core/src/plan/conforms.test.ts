// conforms() stands in for the zod schema on the fast path: it must never accept what zod rejects, and
// it must accept the valid plans it is there for. Checked against zod itself on generated plan values,
// valid ones and ones broken in every way the schema can be broken.
import { describe, expect, it } from 'vitest';
import schema from '../../orchestra.schema.json' with { type: 'json' };
import { seededRandom } from '../graph/random-dag.ts';
import { conforms } from './conforms.ts';
import { normalizePlan } from './normalize-plan.ts';
import { parseRawPlan } from './parse-raw-plan.ts';
import { renameKey } from './without-prototype.ts';

type Random = () => number;
const pick = <T,>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function validTask(random: Random, id: number): Record<string, unknown> {
  const task: Record<string, unknown> = {};
  const maybe = (key: string, value: () => unknown): void => {
    if (random() < 0.3) task[key] = value();
  };
  if (random() < 0.5) task.prompt = `do task ${id}`;
  else task.run = random() < 0.5 ? ['node', 'x.js', String(id)] : `echo ${id}`;
  maybe('description', () => `task ${id}`);
  maybe('dependsOn', () => (id > 0 ? [`t${Math.floor(random() * id)}`] : []));
  maybe('inputs', () => ['src/**/*.ts']);
  maybe('outputs', () => [`out/${id}.txt`]);
  maybe('verify', () => [['npm', 'test'], 'npm run lint']);
  maybe('lock', () => (random() < 0.5 ? 'db' : ['db', 'net']));
  maybe('agent', () => pick(random, ['claude', 'command']));
  maybe('model', () => 'sonnet');
  maybe('permissionMode', () => pick(random, ['default', 'acceptEdits', 'plan', 'dontAsk', 'bypassPermissions']));
  maybe('allowedTools', () => ['Read', 'Bash(npm test:*)']);
  maybe('disallowedTools', () => ['WebFetch']);
  maybe('maxTurns', () => 1 + Math.floor(random() * 40));
  maybe('maxCostUsd', () => 0.5 + random());
  maybe('appendSystemPrompt', () => 'be brief');
  maybe('addDirs', () => ['../shared']);
  maybe('mcpConfig', () => 'mcp.json');
  maybe('timeout', () => (random() < 0.5 ? pick(random, ['90s', '20m', '1h30m', '500ms']) : 30 + random()));
  maybe('retries', () => Math.floor(random() * 21));
  maybe('isolation', () => pick(random, ['none', 'worktree']));
  return task;
}

function validPlan(random: Random): Record<string, unknown> {
  const tasks: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count; i++) tasks[`t${i}`] = validTask(random, i);
  const plan: Record<string, unknown> = { version: 1, tasks };
  if (random() < 0.3) plan.name = 'demo';
  if (random() < 0.3) plan.description = 'a plan';
  if (random() < 0.3) plan.defaults = { model: 'sonnet', retries: 2, timeout: '15m', allowedTools: ['Read'] };
  if (random() < 0.3) plan.concurrency = 1 + Math.floor(random() * 8);
  if (random() < 0.3) plan.schedule = pick(random, ['eager', 'waves']);
  if (random() < 0.3) plan.strict = random() < 0.5;
  if (random() < 0.3) plan.isolation = 'none';
  if (random() < 0.3) plan.budget = random() < 0.5 ? {} : { maxCostUsd: 3 };
  if (random() < 0.2) plan.claudePath = '/usr/bin/claude';
  if (random() < 0.2) plan.$schema = './orchestra.schema.json';
  return plan;
}

/** Values that break a schema somewhere: wrong types, empty strings, out-of-range numbers, strays. */
const BAD_VALUES: readonly unknown[] = [
  null, '', 'x', 0, -1, 1.5, 21, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, true, [], [''], [1], [[]], {}, { x: 1 }, '5 minutes',
];

/** Sets one randomly chosen place (a field of the plan, of `defaults`, of a task, or an array item) to a bad value. */
function broken(random: Random, plan: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(plan) as Record<string, unknown>;
  const tasks = copy.tasks as Record<string, Record<string, unknown>>;
  const task = tasks[pick(random, Object.keys(tasks))]!;
  const bad = pick(random, BAD_VALUES);
  const where = random();
  if (where < 0.15) copy[pick(random, ['version', 'name', 'concurrency', 'schedule', 'strict', 'budget', 'defaults', 'tasks', 'stray'])] = bad;
  else if (where < 0.25) copy.defaults = { ...(copy.defaults as object), [pick(random, ['model', 'retries', 'timeout', 'allowedTools', 'prompt'])]: bad };
  else if (where < 0.35) tasks[pick(random, Object.keys(tasks))] = bad as Record<string, unknown>;
  else {
    const key = pick(random, [...Object.keys(task), 'run', 'dependsOn', 'verify', 'lock', 'timeout', 'maxTurns', 'maxCostUsd', 'retries', 'permissionMode', 'unknownKey']);
    const current = task[key];
    if (Array.isArray(current) && current.length > 0 && random() < 0.5) current[Math.floor(random() * current.length)] = bad;
    else task[key] = bad;
  }
  return copy;
}

const zodAccepts = (value: Record<string, unknown>): boolean => parseRawPlan(value).success;
const serialize = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? [...v.entries()] : v));

describe('conforms (orchestra.schema.json)', () => {
  it('accepts generated valid plans, as zod does, and they resolve to the same plan', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const plan = validPlan(random);
      expect(zodAccepts(plan)).toBe(true);
      expect(conforms(schema, plan)).toBe(true);
      const viaZod = parseRawPlan(plan);
      if (!viaZod.success) throw new Error('unreachable');
      const fast = { ...(plan as typeof viaZod.data), tasks: renameKey(plan.tasks as typeof viaZod.data.tasks) };
      // Serialized with the tasks (a Map) as entries, in order: key order included, as plan-cache.json keeps it.
      expect(serialize(normalizePlan(fast, '/ws/orchestra.config.yaml'))).toBe(serialize(normalizePlan(viaZod.data, '/ws/orchestra.config.yaml')));
    }
  });

  it('never accepts what zod rejects', () => {
    const random = seededRandom(11);
    let rejected = 0;
    for (let i = 0; i < 3_000; i++) {
      const value = broken(random, validPlan(random));
      const byZod = zodAccepts(value);
      if (conforms(schema, value)) expect(byZod, JSON.stringify(value)).toBe(true);
      if (!byZod) rejected++;
    }
    // The mutations must really break plans, or the check above proves nothing.
    expect(rejected).toBeGreaterThan(2_000);
  });

  it('says no to keywords it does not know, and to values it cannot place', () => {
    expect(conforms({ type: 'string', format: 'email' }, 'a@b.c')).toBe(false);
    expect(conforms({ type: ['string', 'null'] }, 'x')).toBe(false);
    expect(conforms({ type: 'string', minLength: 2 }, 'abc')).toBe(false);
    expect(conforms({ type: 'integer' }, 1.5)).toBe(false);
    expect(conforms({ type: 'number' }, Number.POSITIVE_INFINITY)).toBe(false);
    expect(conforms({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { a: 'x', b: 1 })).toBe(false);
    // A task id that is also a member of Object.prototype is a plain key.
    const tasks = { constructor: { prompt: 'x' } };
    expect(conforms(schema, { version: 1, tasks })).toBe(true);
    expect(conforms(schema, { version: 1, tasks: { constructor: { prompt: 1 } } })).toBe(false);
  });
});
