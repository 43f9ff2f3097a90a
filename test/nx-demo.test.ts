// The README's first command, from a fresh clone: `npx nx run orchestra:execute:demo` runs the root plan
// with the real Claude Code CLI against the scripted local fake API and leaves a working recipe-converter
// app on disk. Without credentials, plain `execute` stops before any task and says what to do.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshClone } from './nx-support/fresh-clone.ts';
import { testEnv, type NxResult } from './nx-support/nx-workspace.ts';

let clone = '';
let home = '';
beforeAll(() => {
  clone = freshClone();
  home = mkdtempSync(join(tmpdir(), 'orchestra-demo-home-'));
});
afterAll(() => {
  for (const dir of [clone, home]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `npx nx …` in the clone, as a newcomer types it: no credentials, an empty HOME, CI=true. */
function npxNx(args: string[]): Promise<NxResult> {
  const env = testEnv([], { HOME: home, CLAUDE_CONFIG_DIR: undefined, CLAUDE_CODE_USE_BEDROCK: undefined, CLAUDE_CODE_USE_VERTEX: undefined });
  return new Promise((done) => {
    execFile('npx', ['nx', ...args], { cwd: clone, env, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr, output: stripVTControlCharacters(`${stdout}\n${stderr}`) });
    });
  });
}

const APP_FILES = ['convert.js', 'convert.test.js', 'index.html', 'script.js', 'styles.css'];

describe('the README’s first command, from a fresh clone', () => {
  it('without credentials, `execute` stops before any task and points to logging in and to the demo', async () => {
    const result = await npxNx(['run', 'orchestra:execute']);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/ANTHROPIC_API_KEY|\/login|claude login/);
    expect(result.output).toContain('nx run orchestra:execute:demo');
    expect(existsSync(join(clone, 'recipe-converter'))).toBe(false);
  });

  it('`nx run orchestra:execute:demo` runs the plan with the real Claude Code CLI and leaves the app on disk', async () => {
    const result = await npxNx(['run', 'orchestra:execute:demo']);
    expect(result.code, result.output).toBe(0);
    for (const task of ['html', 'logic', 'styling', 'check']) expect(result.output).toMatch(new RegExp(`${task}\\s.*succeeded`));
    expect(result.output).toContain('Write recipe-converter/convert.js'); // the CLI's own tool calls, live
    expect(result.output).toContain('The app is in recipe-converter/');
    expect(readdirSync(join(clone, 'recipe-converter')).sort()).toEqual(APP_FILES);
    // The CLI kept everything under .orchestra/demo, not in the user's HOME.
    expect(readdirSync(home).filter((f) => f.startsWith('.claude'))).toEqual([]);
    expect(existsSync(join(clone, '.orchestra', 'demo'))).toBe(true);

    const again = await npxNx(['run', 'orchestra:execute:demo']);
    expect(again.code, again.output).toBe(0);
    for (const task of ['html', 'logic', 'styling', 'check']) expect(again.output).toMatch(new RegExp(`${task}\\s.*cached`));

    // The demo's scripted answers are cached for the demo only: a real run would do the work for real.
    const real = await npxNx(['run', 'orchestra:execute']);
    expect(real.code).not.toBe(0);
    expect(real.output).toContain('nx run orchestra:execute:demo');
  });
});
