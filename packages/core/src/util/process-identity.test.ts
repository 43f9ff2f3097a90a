import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupAlive, isAlive, isSameProcess, processStartTime } from './process-identity.ts';

describe('process identity', () => {
  it('tells a live process from a dead one, and a reused pid by its start time', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid!;
    const started = processStartTime(pid);
    expect(isAlive(pid)).toBe(true);
    expect(isSameProcess(pid, started)).toBe(true);
    if (process.platform === 'linux') {
      expect(started).toMatch(/^\d+$/);
      expect(processStartTime(process.pid)).not.toBe(started);
      // Another process now carrying the recorded pid: a different start time.
      expect(isSameProcess(pid, String(Number(started) - 1))).toBe(false);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(isAlive(pid)).toBe(false);
    expect(isSameProcess(pid, started)).toBe(false);
    expect(isAlive(0)).toBe(false);
  });
  // Linux only: zombies are told by /proc/<pid>/stat.
  it('counts a zombie (dead, not reaped) as not alive, and its group alive while a member lives', async () => {
    if (process.platform !== 'linux') return;
    // The shell starts `sleep 0` and becomes `sleep 30`, which never reaps it: a zombie until the end.
    const child = spawn('/bin/sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    const zombie = await new Promise<number>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    await expect.poll(() => { try { return readFileSync(`/proc/${zombie}/stat`, 'latin1').split(') ')[1]?.[0]; } catch { return 'gone'; } }).toBe('Z');
    expect(() => process.kill(zombie, 0)).not.toThrow(); // the kernel still has it
    expect(isAlive(zombie)).toBe(false);
    expect(groupAlive(child.pid!)).toBe(true); // `sleep 30` lives in that group
    process.kill(child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
  });
  // Linux, with a C compiler (as the native spawner's tests need).
  it('counts a process whose main thread exited while another thread runs as alive (/proc shows it Z)', async () => {
    if (process.platform !== 'linux') return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orc-threads-'));
    writeFileSync(
      path.join(dir, 'main.c'),
      '#include <pthread.h>\n#include <unistd.h>\nstatic void *run(void *a) { (void)a; sleep(30); return 0; }\n' +
        'int main(void) { pthread_t t; pthread_create(&t, 0, run, 0); pthread_exit(0); }\n',
    );
    const cc = spawnSync(process.env.CC || 'cc', ['-pthread', '-o', path.join(dir, 'threads'), path.join(dir, 'main.c')], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    const child = spawn(path.join(dir, 'threads'), [], { stdio: 'ignore', detached: true });
    const pid = child.pid!;
    try {
      await expect.poll(() => readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.[0]).toBe('Z');
      expect(isAlive(pid)).toBe(true);
      expect(groupAlive(pid)).toBe(true);
    } finally {
      process.kill(-pid, 'SIGKILL');
    }
  });
});
