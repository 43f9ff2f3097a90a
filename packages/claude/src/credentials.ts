// Does Claude Code have a way to authenticate? Every way it knows, checked without running it:
//   environment: ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN,
//                CLAUDE_CODE_USE_BEDROCK / _VERTEX / _FOUNDRY (their own cloud credentials)
//   config folder ($CLAUDE_CONFIG_DIR, else ~/.claude): .credentials.json (a `claude /login`),
//                settings.json with apiKeyHelper or an `env` block that sets one of the above
//   ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json): oauthAccount / primaryApiKey
//   project and managed settings: .claude/settings(.local).json, /etc/claude-code/managed-settings.json
// On macOS a login lives in the Keychain, which cannot be read quietly: there, "nothing found" is
// "unknown" and the CLI decides (its answer is then classified as `auth`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export type CredentialCheck = { found: true; source: string } | { found: false; certain: boolean };

const ENV_SOURCES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'];
const PROVIDER_SWITCHES = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

function fromEnv(env: Readonly<Record<string, string | undefined>>, where: string): string | undefined {
  for (const name of ENV_SOURCES) if (env[name]?.trim()) return `${name}${where}`;
  for (const name of PROVIDER_SWITCHES) if (truthy(env[name])) return `${name}${where}`;
  return undefined;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fromSettings(settings: Record<string, unknown> | undefined, file: string): string | undefined {
  if (!settings) return undefined;
  if (typeof settings.apiKeyHelper === 'string' && settings.apiKeyHelper.trim()) return `apiKeyHelper in ${file}`;
  const env = settings.env;
  if (env && typeof env === 'object') return fromEnv(env as Record<string, string | undefined>, ` in ${file}`);
  return undefined;
}

export async function checkCredentials(input: {
  env: Readonly<Record<string, string | undefined>>;
  /** The workspace root, for project settings. */
  root: string;
  platform?: NodeJS.Platform;
  /** Where managed settings live (tests point it elsewhere). */
  managedSettingsFile?: string;
}): Promise<CredentialCheck> {
  const { env, root } = input;
  const fromEnvironment = fromEnv(env, '');
  if (fromEnvironment) return { found: true, source: fromEnvironment };

  const home = env.HOME ?? env.USERPROFILE;
  const configDir = env.CLAUDE_CONFIG_DIR || (home ? path.join(home, '.claude') : undefined);
  if (configDir) {
    const login = await readJson(path.join(configDir, '.credentials.json'));
    if (login && Object.keys(login).length > 0) return { found: true, source: `a login in ${path.join(configDir, '.credentials.json')}` };
  }
  const globalConfigFile = env.CLAUDE_CONFIG_DIR ? path.join(env.CLAUDE_CONFIG_DIR, '.claude.json') : home ? path.join(home, '.claude.json') : undefined;
  if (globalConfigFile) {
    const config = await readJson(globalConfigFile);
    if (config?.oauthAccount || config?.primaryApiKey) return { found: true, source: `a login in ${globalConfigFile}` };
  }
  const settingsFiles = [
    ...(configDir ? [path.join(configDir, 'settings.json')] : []),
    path.join(root, '.claude', 'settings.json'),
    path.join(root, '.claude', 'settings.local.json'),
    input.managedSettingsFile ?? '/etc/claude-code/managed-settings.json',
  ];
  for (const file of settingsFiles) {
    const source = fromSettings(await readJson(file), file);
    if (source) return { found: true, source };
  }
  return { found: false, certain: (input.platform ?? process.platform) !== 'darwin' };
}
