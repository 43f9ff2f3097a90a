// The one place end-to-end tests learn where the `orchestra` command is and what environment it gets.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The command as npm installs it; it runs dist/ when built and fresh, else the sources. */
export const ORCHESTRA_BIN = path.join(REPO, 'packages/cli/bin/orchestra.js');

/** The test runner's environment without the CI, colour, orchestra and Anthropic settings of whoever runs the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(CI|GITHUB_.*|NO_COLOR|FORCE_COLOR|ORCHESTRA_.*|ANTHROPIC_.*)$/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, LANG: 'C.UTF-8', ...extra };
}
