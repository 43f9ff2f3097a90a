import { describe, expect, it } from 'vitest';
import { planIn, run, tempWorkspace, write } from './test-workspace.test-helper.ts';

describe('undeclared writes under concurrency', () => {
  it('never blames a task for its own declared output when tasks end together (60 tasks, strict)', { timeout: 60_000 }, async () => {
    const root = tempWorkspace();
    write(root, 'o/.keep', '');
    const tasks = Array.from({ length: 60 }, (_, i) => ({
      id: `t${i}`,
      run: ['/bin/sh', '-c', `echo ${i} > o/t${i}.txt`],
      outputs: [`o/t${i}.txt`],
    }));
    const result = await run(planIn(root, tasks, { strict: true }), { concurrency: 2 });
    const blamed = result.events.filter((e) => e.type === 'task-failed' || (e.type === 'task-succeeded' && e.undeclaredWrites));
    expect(blamed).toEqual([]);
    expect(result.counts).toMatchObject({ succeeded: 60 });
  });

  it('does not report a temp file that was renamed into a declared output (atomic writes)', async () => {
    const root = tempWorkspace();
    const script = 'echo hi > out.txt.tmp.123 && mv out.txt.tmp.123 out.txt';
    const result = await run(planIn(root, [{ id: 'atomic', run: ['/bin/sh', '-c', script], outputs: ['out.txt'] }], { strict: true }));
    expect(result.counts).toMatchObject({ succeeded: 1 });
    expect(result.events.find((e) => e.type === 'task-succeeded')).not.toHaveProperty('undeclaredWrites');
  });
});
