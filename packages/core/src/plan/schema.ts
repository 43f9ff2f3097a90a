// The single source of the plan format. From this one schema come:
//   - the TypeScript types of a raw plan (`RawPlan`, `RawTask`),
//   - the structural errors (unknown keys, wrong types), mapped to file:line:col by the loader,
//   - the JSON Schema shipped as `orchestra.schema.json` for editors (see `planJsonSchema`).
// Cross-field rules (unknown ids, cycles, paths outside the workspace...) live in ./rules/.
import { z } from 'zod';
import { SUPPORTED_PLAN_VERSIONS } from './model.ts';

export { SUPPORTED_PLAN_VERSIONS };

/** `90s`, `20m`, `1h`, `500ms`, `1h30m`, or a number of seconds. */
export const durationPattern = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
export const Duration = z
  .union([
    z.number().positive(),
    z.string().regex(durationPattern, { message: 'expected a duration such as 90s, 20m or 1h' }),
  ])
  .describe('A duration: 90s, 20m, 1h, 1h30m, 500ms, or a number of seconds.');

/** An argv array (spawned directly, no shell) or a string run by the system shell, as npm runs scripts. */
export const Command = z
  .union([z.string().min(1), z.array(z.string()).min(1)])
  .describe('An argument array spawned directly (no shell), or a string that the system shell runs, as npm runs scripts.');

export const PermissionMode = z
  .enum(['default', 'acceptEdits', 'plan', 'dontAsk', 'bypassPermissions'])
  .describe('Claude Code permission mode. bypassPermissions only when the plan names it in so many words.');

export const Isolation = z.enum(['none', 'worktree']);
export const Schedule = z.enum(['eager', 'waves']);

const stringList = z.array(z.string().min(1));

/** Options every agent task may set, in `defaults` or per task. */
export const agentOptionShape = {
  agent: z.string().min(1).describe('claude (default) | command | another registered adapter').optional(),
  model: z.string().min(1).describe('Model alias or name, e.g. sonnet, opus, haiku.').optional(),
  permissionMode: PermissionMode.optional(),
  allowedTools: stringList.describe('Tools the agent may use without asking, e.g. Read, Write, "Bash(npm test:*)".').optional(),
  disallowedTools: stringList.optional(),
  maxTurns: z.number().int().positive().optional(),
  maxCostUsd: z.number().positive().describe('Per-task spending cap passed to the agent (--max-budget-usd).').optional(),
  appendSystemPrompt: z.string().optional(),
  addDirs: stringList.describe('Extra directories the agent may access (--add-dir).').optional(),
  mcpConfig: z.string().min(1).describe('Path to an MCP server configuration (--mcp-config).').optional(),
  timeout: Duration.optional(),
  retries: z.number().int().min(0).max(20).describe('Extra attempts after the first, with backoff between them.').optional(),
  isolation: Isolation.optional(),
};

export const RawDefaults = z.strictObject(agentOptionShape);

export const RawTask = z.strictObject({
  description: z.string().optional(),
  prompt: z.string().optional(),
  run: Command.optional(),
  dependsOn: z.array(z.string().min(1)).optional(),
  inputs: stringList.describe('Files (globs) the task reads; their contents join its fingerprint.').optional(),
  outputs: stringList.describe('Files (globs) the task must produce; recorded with content hashes.').optional(),
  verify: z.array(Command).describe('Acceptance checks run after the task; a failing check fails the attempt.').optional(),
  lock: z.union([z.string().min(1), stringList]).describe('Tasks sharing a lock name never run together.').optional(),
  ...agentOptionShape,
});

export const RawPlan = z.strictObject({
  $schema: z.string().optional(),
  version: z.number().int().describe('Plan format version. Only 1 is supported.'),
  name: z.string().min(1).describe('Nx project name inferred from this file (default: folder name).').optional(),
  description: z.string().optional(),
  defaults: RawDefaults.optional(),
  concurrency: z.number().int().positive().optional(),
  schedule: Schedule.optional(),
  strict: z.boolean().describe('Undeclared writes are errors.').optional(),
  isolation: Isolation.optional(),
  budget: z.strictObject({ maxCostUsd: z.number().positive().optional() }).optional(),
  claudePath: z.string().min(1).optional(),
  tasks: z.record(z.string(), RawTask),
});

export type RawPlan = z.infer<typeof RawPlan>;
export type RawTask = z.infer<typeof RawTask>;
export type RawDefaults = z.infer<typeof RawDefaults>;
export type CommandSpec = z.infer<typeof Command>;
export type PermissionMode = z.infer<typeof PermissionMode>;

/** The JSON Schema that editors read (`# yaml-language-server: $schema=...`). */
export function planJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RawPlan, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  // The loader reads any integer so it can say "unsupported version" itself; editors may be strict.
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  properties.version = { type: 'integer', enum: [...SUPPORTED_PLAN_VERSIONS], description: properties.version?.description };
  return {
    ...schema,
    $id: 'https://github.com/orchestra/orchestra/orchestra.schema.json',
    title: 'orchestra plan (orchestra.config.yaml)',
  };
}
