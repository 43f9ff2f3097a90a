// The environment a `claude` process gets: the task's environment as the user has it, plus what makes
// it behave under orchestra. Pure.
export interface ClaudeEnvInput {
  env: Readonly<Record<string, string | undefined>>;
  permissionMode?: string;
  /** process.getuid?.() — bypassPermissions as root needs IS_SANDBOX=1. */
  uid?: number;
}

/**
 * The CLI retries a failing API call up to 10 times over about three minutes on its own; 2 keeps its
 * quick retries and leaves the rest to orchestra's retry policy (backoff, jitter, usage-limit waits).
 */
export const DEFAULT_CLAUDE_MAX_RETRIES = '2';

export function claudeEnv(input: ClaudeEnvInput): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...input.env };
  env.CLAUDE_CODE_MAX_RETRIES ??= DEFAULT_CLAUDE_MAX_RETRIES;
  env.DISABLE_AUTOUPDATER ??= '1';
  if (input.permissionMode === 'bypassPermissions' && input.uid === 0) env.IS_SANDBOX ??= '1';
  return env;
}
