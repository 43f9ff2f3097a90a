// The lock under contention, with real processes: several runs start at once over a stale lock, and
// exactly one of them may hold it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processStartTime } from '../util/process-identity.ts';
import { acquireLock } from './lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('./lock.ts', import.meta.url));

/** A contender: says `ready`, waits for `go`, tries the lock once, says `ok` or `refused`, then holds on until stdin closes. */
const CONTENDER = `
import { acquireLock } from ${JSON.stringify(LOCK_MODULE)};
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  const lock = acquireLock(process.argv[1]);
  process.stdout.write(lock.ok ? 'ok\\n' : 'refused\\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
});`;

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function lineOf(child: ChildProcess, wanted: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = text.split('\n').find((line) => wanted.test(line));
      if (m) resolve(m);
    });
    child.on('exit', () => reject(new Error(`contender exited before saying ${wanted}: ${text}`)));
  });
}

describe('acquireLock under contention', () => {
  it('gives a stale lock to exactly one of three processes that race for it, round after round', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-lock-'));
    const stale = deadPid();
    for (let round = 0; round < 25; round++) {
      const lockFile = path.join(dir, `lock-${round}`);
      writeFileSync(lockFile, JSON.stringify({ pid: stale, hostname: os.hostname(), startedAt: '2020-01-01T00:00:00Z' }));
      const children = Array.from({ length: 3 }, () =>
        spawn(process.execPath, ['--input-type=module', '-e', CONTENDER, lockFile], { stdio: ['pipe', 'pipe', 'inherit'] }),
      );
      await Promise.all(children.map((c) => lineOf(c, /^ready$/)));
      const answers = children.map((c) => lineOf(c, /^(ok|refused)$/));
      for (const c of children) c.stdin!.write('go\n');
      const results = await Promise.all(answers);
      for (const c of children) c.stdin!.end();
      await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.on('exit', resolve)))));
      expect(results.filter((r) => r === 'ok'), `round ${round}: ${results.join(', ')}`).toHaveLength(1);
    }
  });

  it('takes over a lock whose pid now belongs to another process (pid reused)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-lock-'));
    const lockFile = path.join(dir, 'lock');
    const started = processStartTime(process.pid);
    if (started === undefined) return; // no start times on this system: a pid is all there is
    // Recorded by a process that had this very pid but started at another time.
    const recorded = { pid: process.pid, hostname: os.hostname(), startedAt: '2020-01-01T00:00:00Z', pidStartTime: String(Number(started) - 1) };
    writeFileSync(lockFile, JSON.stringify(recorded));
    const lock = acquireLock(lockFile);
    expect(lock.ok).toBe(true);
    if (lock.ok) {
      expect(lock.tookOverFrom?.pidStartTime).toBe(recorded.pidStartTime);
      // And the live holder it now is keeps others out.
      const second = acquireLock(lockFile);
      expect(second.ok).toBe(false);
      lock.release();
    }
  });
});
