import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretName, redactDeep } from './redact.ts';

describe('redact', () => {
  it('knows secret-looking names', () => {
    for (const name of ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'GH_TOKEN', 'DB_SECRET', 'AWS_REGION', 'SSH_KEY']) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'KEYBOARD', 'TOKENIZER']) expect(isSecretName(name)).toBe(false);
  });

  it('knows API keys, passwords, personal access tokens and credentials by their suffix', () => {
    for (const name of ['OPENAI_APIKEY', 'DB_PASS', 'SMTP_PASSWORD', 'GITLAB_PAT', 'GCP_CREDENTIALS', 'db_password']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['MY_PATH', 'BYPASS', 'PASSTHROUGH', 'CREDENTIALS_FILE_DIR', 'PATTERN']) expect(isSecretName(name), name).toBe(false);
  });

  it('replaces secret values everywhere, longest first', () => {
    const redact = createRedactor({ ANTHROPIC_API_KEY: 'sk-ant-123456', X_TOKEN: 'sk-ant-123456789', PATH: '/usr/bin', SHORT_KEY: 'ab' });
    expect(redact('key=sk-ant-123456789 and sk-ant-123456 in /usr/bin ab')).toBe('key=*** and *** in /usr/bin ab');
    expect(redactDeep({ a: ['sk-ant-123456'], b: 3 }, redact)).toEqual({ a: ['***'], b: 3 });
  });

  it('is the identity without secrets', () => {
    expect(createRedactor({ PATH: '/bin' })('/bin')).toBe('/bin');
  });
});
