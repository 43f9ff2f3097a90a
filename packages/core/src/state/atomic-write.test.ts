import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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

  it('goes on from the right byte after short writes that cut characters in half', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-atomic-'));
    const file = path.join(dir, 'journal.ndjson');
    const text = `${'é→日本'.repeat(200)}\n`;
    // write(2) stopping short, as a signal or a size limit makes it: at most 7 bytes a call ("é→日本" is
    // 2+3+3+3 bytes, so the first call stops inside a character).
    const script = `import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      const real = fs.writeSync;
      fs.writeSync = (fd, data, offset = 0) => {
        const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset + offset, data.byteLength - offset);
        return real(fd, bytes, 0, Math.min(7, bytes.length));
      };
      syncBuiltinESMExports();
      const { writeAllSync } = await import(${JSON.stringify(MODULE)});
      const fd = fs.openSync(${JSON.stringify(file)}, 'w');
      writeAllSync(fd, ${JSON.stringify(text)});
      fs.closeSync(fd);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
