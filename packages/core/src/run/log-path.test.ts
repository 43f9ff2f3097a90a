import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptLogPath, safeFileName } from './log-path.ts';

describe('log paths', () => {
  it('keep every id inside the logs folder', () => {
    for (const id of ['..', '.', '../x', 'a/b', '.hidden', 'with space', 'ü*?']) {
      const file = attemptLogPath('/r/.orchestra/logs', id, 2);
      expect(path.dirname(path.dirname(file))).toBe('/r/.orchestra/logs');
      expect(path.basename(file)).toBe('2.log');
      expect(safeFileName(id)).not.toMatch(/[/\\]|^\.\.?$/);
    }
    expect(attemptLogPath('/l', 'build-app', 1)).toBe('/l/build-app/1.log');
  });
});
