import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePlan } from '../graph/test-plan.ts';
import { planIn, run, tempWorkspace, write } from './test-workspace.test-helper.ts';
import { UndeclaredWrites } from './undeclared-writes.ts';

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

  it('reports a write to the task that made it even when another task ends first and takes the batch', async () => {
    const root = tempWorkspace();
    const result = await run(
      planIn(
        root,
        [
          // Ends once the file is there; `writer` outlives it: the change is in the batch `innocent`'s end takes.
          { id: 'innocent', run: ['/bin/sh', '-c', 'while [ ! -e undeclared.txt ]; do sleep 0.02; done; sleep 0.1'] },
          { id: 'writer', run: ['/bin/sh', '-c', 'echo y > undeclared.txt; sleep 1.2'] },
        ],
        { strict: true },
      ),
      { concurrency: 2 },
    );
    const succeeded = (id: string) => result.events.find((e) => e.type === 'task-succeeded' && e.id === id);
    expect(succeeded('writer')).toMatchObject({ undeclaredWrites: ['undeclared.txt'] });
    expect(succeeded('innocent')).toMatchObject({ undeclaredWrites: ['undeclared.txt'] });
    const warnings = result.events.filter((e) => e.type === 'warning').map((e) => `${e.id}: ${e.message}`);
    expect(warnings).toEqual([
      'innocent: files written but not declared in outputs (or by writer, which ran meanwhile): undeclared.txt',
      'writer: files written but not declared in outputs (or by innocent, which ran meanwhile): undeclared.txt',
    ]);
  });

  it('does not report a temp file that was renamed into a declared output (atomic writes)', async () => {
    const root = tempWorkspace();
    const script = 'echo hi > out.txt.tmp.123 && mv out.txt.tmp.123 out.txt';
    const result = await run(planIn(root, [{ id: 'atomic', run: ['/bin/sh', '-c', script], outputs: ['out.txt'] }], { strict: true }));
    expect(result.counts).toMatchObject({ succeeded: 1 });
    expect(result.events.find((e) => e.type === 'task-succeeded')).not.toHaveProperty('undeclaredWrites');
  });

  it('keeps what a task wrote alone certain (a failure under strict) apart from what it may share with a task that ended before', async () => {
    const root = tempWorkspace();
    const plan = makePlan([{ id: 'a' }, { id: 'w' }, { id: 'iso', isolation: 'worktree' }]);
    const task = (id: string) => plan.tasks.get(id as never)!;
    const tracker = new UndeclaredWrites(root);
    try {
      for (const id of ['a', 'w', 'iso']) tracker.taskStarted(task(id));
      writeFileSync(path.join(root, 'f1.txt'), 'w, while a and iso ran');
      // iso works in a worktree: a change in the main tree is not its own while a task of the main tree runs.
      expect(await tracker.taskEnded(task('a'))).toEqual({ files: ['f1.txt'], alsoRunning: ['w'] });
      writeFileSync(path.join(root, 'f2.txt'), 'w, the only task in the main tree');
      expect(await tracker.taskEnded(task('iso'))).toEqual({ files: [], alsoRunning: [] });
      writeFileSync(path.join(root, 'f3.txt'), 'w, alone');
      expect(await tracker.taskEnded(task('w'))).toEqual({ files: ['f2.txt', 'f3.txt'], alsoRunning: [], shared: { files: ['f1.txt'], others: ['a'] } });
    } finally {
      tracker.close();
    }
  });
});

