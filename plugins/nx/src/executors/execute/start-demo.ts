// `nx run orchestra:execute:demo`: the real Claude Code CLI, offline, against a scripted local fake of the
// Anthropic API (test/fixtures/fake-api). Everything the CLI keeps goes under .orchestra/demo, and none of
// the user's own credentials reach it.
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ExecuteExecutorOptions } from './schema.d.ts';

export interface Demo {
  env: Record<string, string | undefined>;
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

/** A `.json` scenario, or a module whose default export is the scenario or a function that builds it. */
async function loadScenario(file: string): Promise<unknown> {
  if (file.endsWith('.json')) return JSON.parse(await readFile(file, 'utf8'));
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return typeof module.default === 'function' ? await (module.default as () => unknown)() : module.default;
}

export async function startDemo(
  options: ExecuteExecutorOptions,
  workspaceRoot: string,
  baseEnv: Record<string, string | undefined>,
): Promise<Demo> {
  if (!options.demoScenario || !options.demoFakeApi) {
    throw new Error('The demo needs `demoScenario` and `demoFakeApi` (set by the plugin option `demo` in nx.json).');
  }
  const scenario = await loadScenario(resolve(workspaceRoot, options.demoScenario));
  const module = (await import(pathToFileURL(resolve(workspaceRoot, options.demoFakeApi)).href)) as {
    startFakeApi(options: { scenario: unknown }): Promise<FakeApi>;
  };
  const api = await module.startFakeApi({ scenario });
  const home = join(workspaceRoot, '.orchestra', 'demo', 'home');
  const configDir = join(home, '.claude');
  await mkdir(configDir, { recursive: true });
  const env: Record<string, string | undefined> = { ...baseEnv };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  Object.assign(env, {
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: 'sk-ant-orchestra-demo-not-a-real-key',
    HOME: home,
    CLAUDE_CONFIG_DIR: configDir,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
  });
  return { env, stop: () => api.close() };
}
