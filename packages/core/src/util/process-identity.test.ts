import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
