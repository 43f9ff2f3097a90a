// The spawners behind spawnProcess (native/spawner.c and spawner.ts): what happens when one dies, and
// that it never outlives the process it serves. Its own file: killing a spawner switches this module to
// direct spawns for that kind.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnerKind, spawnerPid, spawnProcess } from './spawn-process.ts';
import { isAlive as alive } from '../util/process-identity.ts';

const node = process.execPath;
const env = { ...process.env };
delete process.env.ORCHESTRA_DIRECT_SPAWN;


for (const kind of ['native', 'node'] as const) describe(`the ${kind} spawner`, () => {
  const before = process.env.ORCHESTRA_SPAWNER;
  beforeAll(() => {
    process.env.ORCHESTRA_SPAWNER = kind;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.ORCHESTRA_SPAWNER;
    else process.env.ORCHESTRA_SPAWNER = before;
  });

  it('gives every process its own environment, shared environment objects included', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawner-env-'));
    // The request encodes an environment once per object: 3 used 4 times each, and 20 used once.
    const shared = ['a', 'b', 'c'].map((name) => ({ PATH: process.env.PATH, WHICH: `shared-${name}` }));
    const runs = [
      ...shared.flatMap((env) => Array.from({ length: 4 }, () => env)),
      ...Array.from({ length: 20 }, (_, i) => ({ PATH: process.env.PATH, WHICH: `own-${i}` })),
    ];
    const results = await Promise.all(
      runs.map(async (runEnv) => {
        let line = '';
        const r = await spawnProcess({ command: ['/bin/sh', '-c', 'echo "$WHICH"'], cwd: dir, env: runEnv, localBins: false, onLine: (_, l) => (line = l) });
        return { exitCode: r.exitCode, line, want: runEnv.WHICH };
      }),
    );
    expect(spawnerKind()).toBe(kind);
    expect(results.filter((r) => r.exitCode !== 0 || r.line !== r.want)).toEqual([]);
  });

  it('exits when the process it serves is killed with SIGKILL', { timeout: 20_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawner-'));
    const module = fileURLToPath(new URL('./spawn-process.ts', import.meta.url));
    const script = path.join(dir, 'parent.ts');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      script,
      `import { spawnProcess, spawnerKind, spawnerPid } from ${JSON.stringify(module)};
       void spawnProcess({ command: ['sleep', '30'], cwd: ${JSON.stringify(dir)}, env: process.env,
         onStart: (pid) => console.log('pids ' + pid + ' ' + spawnerPid() + ' ' + spawnerKind()) });`,
    );
    const parent = spawn(node, [script], {
      env: { ...env, ORCHESTRA_DIRECT_SPAWN: '', ORCHESTRA_SPAWNER: kind },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [task, helper, used] = await new Promise<string[]>((resolve) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const m = /pids (\d+) (\S+) (\S+)/.exec(out);
        if (m) resolve([m[1]!, m[2]!, m[3]!]);
      });
    }).then(([t, h, k]) => [Number(t), Number(h), k] as const);
    try {
      expect(used).toBe(kind);
      expect(helper).toBeGreaterThan(0);
      expect(helper).not.toBe(parent.pid);
      parent.kill('SIGKILL');
      await expect.poll(() => alive(helper!), { timeout: 10_000 }).toBe(false);
    } finally {
      try {
        process.kill(-task!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('outlives signals sent to the process group (Ctrl-C), and its children do not inherit that', { timeout: 20_000 }, async () => {
    const first = await spawnProcess({ command: ['true'], cwd: os.tmpdir(), env });
    expect(first.exitCode).toBe(0);
    expect(spawnerKind(), `the ${kind} spawner did not start (native: run \`npm run build\`)`).toBe(kind);
    const helper = spawnerPid();
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) process.kill(helper!, sig);
    for (const sig of ['INT', 'TERM']) {
      const result = await spawnProcess({ command: ['/bin/sh', '-c', `kill -${sig} $$; echo survived`], cwd: os.tmpdir(), env });
      expect(result.signal).toBe(`SIG${sig}`);
      expect(result.outputTail).toBe('');
    }
    expect(spawnerPid()).toBe(helper);
    expect(alive(helper!)).toBe(true);
  });

  it('falls back to direct spawns when it dies; a task it was running ends with an error', { timeout: 20_000 }, async () => {
    let taskPid = 0;
    const running = spawnProcess({
      command: [node, '-e', 'console.log("up"); setInterval(() => {}, 1000)'],
      cwd: os.tmpdir(),
      env,
      onStart: (pid) => (taskPid = pid),
    });
    await expect.poll(() => taskPid, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(spawnerKind(), `the ${kind} spawner did not start (native: run \`npm run build\`)`).toBe(kind);
    const helper = spawnerPid();
    expect(helper).toBeGreaterThan(0);
    process.kill(helper!, 'SIGKILL');
    // Requested while the spawner is dying: it may or may not have started it, and its pid would never
    // come back, so it fails rather than risk running twice.
    const next = spawnProcess({ command: ['sh', '-c', 'echo after'], cwd: os.tmpdir(), env });
    const result = await running;
    expect(result.spawnError).toMatch(/ESPAWNER/);
    expect(result.exitCode).toBeNull();
    await expect.poll(() => alive(taskPid), { timeout: 10_000 }).toBe(false);
    const after = await next;
    expect(after.spawnError).toMatch(/ESPAWNER: the spawner process exited before saying whether it started/);
    expect(spawnerPid()).toBeUndefined();
    const later = await spawnProcess({ command: ['sh', '-c', 'echo later; exit 4'], cwd: os.tmpdir(), env });
    expect(later.exitCode).toBe(4);
    expect(later.outputTail).toBe('later');
  });
});
