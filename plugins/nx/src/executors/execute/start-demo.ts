// `nx run orchestra:execute:demo`: the real Claude Code CLI, offline, against a scripted local fake of the
// Anthropic API (test/fixtures/fake-api). Everything the CLI keeps goes under .orchestra/demo, and none of
// the user's own credentials reach it.
//
// The CLI runs through a wrapper whose `--version` says `2.1.331+orchestra-demo`: the version joins
// every claude task's fingerprint, so the demo's results are cached for the demo only, and a real
// `nx run orchestra:execute` afterwards does the work for real instead of taking scripted files as done.
import { access, chmod, constants, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExecuteExecutorOptions } from './schema.d.ts';

export interface Demo {
  env: Record<string, string | undefined>;
  /** A line for people once the demo ran (from the scenario module's `message` export). */
  message?: string;
  stop(): Promise<void>;
}

interface FakeApi {
  url: string;
  close(): Promise<void>;
}

/** Variables through which Claude Code could pick up real credentials or another provider. */
const CREDENTIAL_VARIABLES = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'AWS_BEARER_TOKEN_BEDROCK',
  'ANTHROPIC_BEDROCK_BASE_URL',
  'ANTHROPIC_VERTEX_BASE_URL',
  'ANTHROPIC_VERTEX_PROJECT_ID',
];

/** No data in this script: the real CLI's path travels in an environment variable. */
const WRAPPER = `#!/bin/sh
# The real Claude Code CLI, for orchestra's demo (see @orchestra/nx start-demo.ts).
if [ "$1" = "--version" ]; then
  version=$("$ORCHESTRA_DEMO_CLAUDE" --version) || exit $?
  echo "\${version%% *}+orchestra-demo (Claude Code, answered by the orchestra demo model)"
  exit 0
fi
exec "$ORCHESTRA_DEMO_CLAUDE" "$@"
`;

interface ScenarioModule {
  default?: unknown;
  message?: string;
}

/** A `.json` scenario, or a module whose default export is the scenario or a function that builds it. */
async function loadScenario(file: string): Promise<{ scenario: unknown; message?: string }> {
  if (file.endsWith('.json')) return { scenario: JSON.parse(await readFile(file, 'utf8')) };
  const module = (await import(pathToFileURL(file).href)) as ScenarioModule;
  const scenario = typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default;
  return { scenario, ...(module.message ? { message: module.message } : {}) };
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The workspace's pinned CLI first (node_modules/.bin), as `npm run` would find it, then PATH. */
async function findClaude(workspaceRoot: string, env: Record<string, string | undefined>): Promise<string> {
  const dirs = [join(workspaceRoot, 'node_modules', '.bin'), ...(env['PATH'] ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    if (await executable(join(dir, 'claude'))) return join(dir, 'claude');
  }
  throw new Error('The demo runs the real Claude Code CLI, and there is none: run `npm ci` (it is a devDependency).');
}

export async function startDemo(
  options: ExecuteExecutorOptions,
  workspaceRoot: string,
  planFile: string,
  baseEnv: Record<string, string | undefined>,
): Promise<Demo> {
  if (!options.demoScenario || !options.demoFakeApi) {
    throw new Error('The demo needs `demoScenario` and `demoFakeApi` (set by the plugin option `demo` in nx.json).');
  }
  const { scenario, message } = await loadScenario(resolve(workspaceRoot, options.demoScenario));
  const claude = await findClaude(workspaceRoot, baseEnv);
  const module = (await import(pathToFileURL(resolve(workspaceRoot, options.demoFakeApi)).href)) as {
    startFakeApi(options: { scenario: unknown }): Promise<FakeApi>;
  };

  const demoDir = join(dirname(planFile), '.orchestra', 'demo');
  const home = join(demoDir, 'home');
  const configDir = join(home, '.claude');
  await mkdir(configDir, { recursive: true });
  const wrapper = join(demoDir, 'claude');
  await writeFile(wrapper, WRAPPER);
  await chmod(wrapper, 0o755);

  const api = await module.startFakeApi({ scenario });
  const env: Record<string, string | undefined> = { ...baseEnv };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  Object.assign(env, {
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: 'sk-ant-orchestra-demo-not-a-real-key',
    HOME: home,
    CLAUDE_CONFIG_DIR: configDir,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ORCHESTRA_CLAUDE_PATH: wrapper,
    ORCHESTRA_DEMO_CLAUDE: claude,
  });
  return { env, ...(message ? { message } : {}), stop: () => api.close() };
}
