import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, isSameProcess, processStartTime } from './process-identity.ts';

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
});
