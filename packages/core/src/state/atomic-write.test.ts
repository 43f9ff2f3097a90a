import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeFileAtomicSync } from './atomic-write.ts';

const MODULE = fileURLToPath(new URL('./atomic-write.ts', import.meta.url));

describe('writeFileAtomicSync', () => {
  // Linux/POSIX shells: `ulimit -f` makes write(2) stop short at the limit (Node ignores SIGXFSZ).
  it('leaves the old file whole when the new one cannot be written whole (a short write)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-atomic-'));
    const file = path.join(dir, 'state.json');
    writeFileSync(file, 'old\n');
    const script = `import { writeFileAtomicSync } from ${JSON.stringify(MODULE)};
      try { writeFileAtomicSync(${JSON.stringify(file)}, 'x'.repeat(100_000)); console.log('written'); }
      catch (error) { console.log('refused', error.code); }`;
    // 8 blocks of 512 bytes: the 100 KB file is cut after 4 KB.
    const r = spawnSync('/bin/sh', ['-c', 'ulimit -f 8 && exec "$0" --input-type=module -e "$1"', process.execPath, script], { encoding: 'utf8' });
    expect(r.stdout.trim(), r.stderr).toBe('refused EFBIG');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['state.json']); // no temp file left
  });

  it('writes text of several bytes per character whole, and stops short of none of it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-atomic-'));
    const file = path.join(dir, 'state.json');
    const text = `${'é→日本'.repeat(30_000)}\n`;
    writeFileAtomicSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
