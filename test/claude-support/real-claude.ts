// For end-to-end tests with the real `claude` CLI (the pinned devDependency) against the fake API:
// an environment built from scratch, so nothing of the developer's (keys, config, proxies) leaks in.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The real CLI, as npm links it. */
export const REAL_CLAUDE = path.join(REPO_ROOT, 'node_modules', '.bin', 'claude');
/** The orchestra command. */
export { ORCHESTRA_BIN } from '../support/cli.ts';

export const tempDir = (prefix: string): string => mkdtempSync(path.join(tmpdir(), prefix));

export interface RealClaudeEnvOptions {
  apiUrl: string;
  /** A temp folder used as HOME; the config folder is HOME/.claude. */
  home: string;
  extra?: Record<string, string>;
}

export function realClaudeEnv(options: RealClaudeEnvOptions): Record<string, string> {
  const configDir = path.join(options.home, '.claude');
  mkdirSync(configDir, { recursive: true });
  return {
    PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: options.home,
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: options.apiUrl,
    ANTHROPIC_API_KEY: 'sk-ant-dummy-e2e-key',
    // The one variable that keeps the CLI off every host but the API (PROTOCOL.md §2).
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ORCHESTRA_CLAUDE_PATH: REAL_CLAUDE,
    ...options.extra,
  };
}
