// The plugin runs on every nx command: its entry must not pull in the engine, execa, zod or the Claude
// agent. Loaded in a fresh Node process that records every module it resolves.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RECORD = `
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r; } });
await import(process.argv[1]);
process.stdout.write(JSON.stringify(seen));
`;

describe('the plugin entry', () => {
  it('loads only itself, js-yaml, picomatch and the receipt path', () => {
    const entry = join(import.meta.dirname, 'index.ts');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', RECORD, entry], { encoding: 'utf8' });
    const loaded = (JSON.parse(out) as string[]).filter((url) => !url.startsWith('node:'));
    const outside = loaded.filter((url) => !url.includes('/plugins/nx/src/'));
    const allowed = /\/node_modules\/(js-yaml|picomatch)\/|\/packages\/core\/src\/run\/(receipt-path|log-path)\.ts$/;
    expect(outside.every((url) => allowed.test(url)), outside.join('\n')).toBe(true);
    expect(loaded.some((url) => url.endsWith('/plugins/nx/src/create-nodes.ts'))).toBe(true);
  });
});
