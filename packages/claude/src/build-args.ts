// The argument array for the real `claude` CLI (2.1.x), in headless mode. Pure.
// Options come first and the prompt last, after `--`: several options take a variable number of values
// (--allowedTools, --add-dir, --mcp-config), and a prompt may begin with "-".
import type { PermissionMode } from '@orchestra/core';

export type SessionChoice = { mode: 'fresh'; sessionId: string } | { mode: 'resume'; sessionId: string };

export interface ClaudeArgsInput {
  prompt: string;
  session: SessionChoice;
  model?: string;
  /** Default: acceptEdits (least privilege that still lets the agent write files). */
  permissionMode?: PermissionMode;
  allowedTools?: string[];
  disallowedTools?: string[];
  maxTurns?: number;
  /** `--max-budget-usd`: this invocation's spending cap (the CLI counts per invocation, also on resume). */
  maxBudgetUsd?: number;
  appendSystemPrompt?: string;
  /** Absolute paths. */
  addDirs?: string[];
  /** Absolute path (or inline JSON) of an MCP configuration. */
  mcpConfig?: string;
}

export const DEFAULT_PERMISSION_MODE: PermissionMode = 'acceptEdits';

/** Dollars without exponent notation (`1e-7` would not parse as an amount), at most 6 decimals. */
export function formatUsd(amount: number): string {
  const fixed = Math.max(amount, 0.000001).toFixed(6);
  return fixed.replace(/\.?0+$/, '');
}

export function buildClaudeArgs(input: ClaudeArgsInput): string[] {
  const args = ['-p', '--output-format', 'stream-json', '--verbose'];
  if (input.model) args.push('--model', input.model);
  args.push('--permission-mode', input.permissionMode ?? DEFAULT_PERMISSION_MODE);
  if (input.allowedTools?.length) args.push('--allowedTools', ...input.allowedTools);
  if (input.disallowedTools?.length) args.push('--disallowedTools', ...input.disallowedTools);
  if (input.maxTurns !== undefined) args.push('--max-turns', String(input.maxTurns));
  if (input.maxBudgetUsd !== undefined) args.push('--max-budget-usd', formatUsd(input.maxBudgetUsd));
  if (input.appendSystemPrompt) args.push('--append-system-prompt', input.appendSystemPrompt);
  if (input.addDirs?.length) args.push('--add-dir', ...input.addDirs);
  if (input.mcpConfig) args.push('--mcp-config', input.mcpConfig);
  args.push(input.session.mode === 'resume' ? '--resume' : '--session-id', input.session.sessionId);
  args.push('--', input.prompt);
  return args;
}
