// Checked once before any task starts: is there a `claude` to run, and can it authenticate? A problem is
// one diagnostic that says how to fix it. bypassPermissions, when the plan names it, is said out loud.
import type { Diagnostic, Task } from '@orchestra/core';
import { checkCredentials } from './credentials.ts';
import type { ClaudeLocation } from './find-claude.ts';
import type { VersionProbe } from './version.ts';

const DEMO_HINT = 'to try orchestra without an account, run the demo: npx nx run orchestra:execute:demo';

export async function preflightClaude(input: {
  /** The workspace root (for project settings). */
  root: string;
  /** Who needs the CLI, for messages: "3 tasks", "orchestra draft". */
  neededBy: string;
  tasks: Task[];
  env: Readonly<Record<string, string | undefined>>;
  location: ClaudeLocation;
  versions: VersionProbe;
  platform?: NodeJS.Platform;
  managedSettingsFile?: string;
}): Promise<Diagnostic[]> {
  const { tasks, env, location } = input;
  const count = input.neededBy;
  if (!location.path) {
    return [
      {
        code: 'agent-not-found',
        message:
          location.source === 'PATH'
            ? `Claude Code CLI not found: no "claude" on PATH (needed by ${count})`
            : `Claude Code CLI not found at "${location.wanted}" (${location.source}; needed by ${count})`,
        hint: `install it (npm install -g @anthropic-ai/claude-code, or as a devDependency), or point claudePath in the plan or ORCHESTRA_CLAUDE_PATH at it; ${DEMO_HINT}`,
      },
    ];
  }
  try {
    await input.versions.of(location.path, env);
  } catch (error: unknown) {
    return [
      {
        code: 'agent-not-found',
        message: `Claude Code CLI at ${location.path} does not run: ${error instanceof Error ? error.message : String(error)}`,
        hint: `reinstall it (npm rebuild @anthropic-ai/claude-code runs its install step), or point claudePath / ORCHESTRA_CLAUDE_PATH at a working one; ${DEMO_HINT}`,
      },
    ];
  }

  const diagnostics: Diagnostic[] = [];
  const credentials = await checkCredentials({
    env,
    root: input.root,
    ...(input.platform ? { platform: input.platform } : {}),
    ...(input.managedSettingsFile ? { managedSettingsFile: input.managedSettingsFile } : {}),
  });
  if (!credentials.found && credentials.certain) {
    diagnostics.push({
      code: 'agent-credentials',
      message: `Claude Code has no credentials (needed by ${count}): no ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or CLAUDE_CODE_OAUTH_TOKEN, no login in ${env.CLAUDE_CONFIG_DIR || '~/.claude'}, no apiKeyHelper, no Bedrock/Vertex setting`,
      hint: `export ANTHROPIC_API_KEY=..., or run \`claude\` once and /login; ${DEMO_HINT}`,
    });
  }
  const bypassing = tasks.filter((t) => t.permissionMode === 'bypassPermissions');
  if (bypassing.length > 0) {
    diagnostics.push({
      code: 'permissions-bypassed',
      severity: 'warning',
      message: `permissionMode bypassPermissions: Claude Code runs ${bypassing.map((t) => t.id).join(', ')} with every permission check off`,
      hint: 'the plan asks for it; use acceptEdits with allowedTools unless this runs in a sandbox',
      ...(bypassing[0]?.pos ? { pos: bypassing[0].pos } : {}),
    });
  }
  return diagnostics;
}
