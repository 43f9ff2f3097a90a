import { describe, expect, it } from 'vitest';
import { stoppedFromOutside } from './stopped-from-outside.ts';

describe('stoppedFromOutside', () => {
  it('counts the signals that stop a session (Ctrl-C under Nx, a cancelled job, a closed terminal)', () => {
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map(stoppedFromOutside)).toEqual([true, true, true]);
  });

  it('does not count SIGKILL (the OOM killer, a timeout’s last resort), other signals, or a plain exit', () => {
    expect(['SIGKILL', 'SIGSEGV', 'SIGABRT'].map(stoppedFromOutside)).toEqual([false, false, false]);
    expect(stoppedFromOutside(null)).toBe(false);
    expect(stoppedFromOutside(undefined)).toBe(false);
  });
});
