import { describe, expect, it } from 'vitest';

// npm puts the `node` devDependency (Node 22) first on PATH for `npm test`/`npx`.
// If its install script was skipped, everything silently runs on the system Node 20.
describe('toolchain', () => {
  it('runs on Node 22 or newer', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(22);
  });
});
