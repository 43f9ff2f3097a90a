// Secrets must never reach logs, events or the state file. A redactor is built once per run from the
// environment: the values of secret-looking variables are replaced wherever they appear.

/** Names whose values are secrets: API keys, tokens, passwords, cloud credentials. */
const SECRET_NAME = /(^ANTHROPIC_API_KEY$|^CLAUDE_CODE_OAUTH_TOKEN$|_TOKEN$|_SECRET$|_KEY$|_APIKEY$|PASSWORD|_PASS$|_PAT$|_CREDENTIALS?$|^AWS_|^GITHUB_TOKEN$|^NPM_TOKEN$)/i;
/** Shorter values would redact ordinary words and digits; no real secret is this short. */
const MIN_SECRET_LENGTH = 6;
export const REDACTED = '***';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export type Redact = (text: string) => string;

/** Returns a function that replaces every secret value of `env` in a string by `***`. */
export function createRedactor(env: Readonly<Record<string, string | undefined>>): Redact {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && isSecretName(name)) values.add(value);
  }
  if (values.size === 0) return (text) => text;
  // Longest first, so a secret that contains another is replaced whole.
  const sorted = [...values].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (text) => (text.length < MIN_SECRET_LENGTH ? text : text.replace(pattern, REDACTED));
}

/** Redacts every string inside a JSON-like value (events, state records). */
export function redactDeep<T>(value: T, redact: Redact): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
