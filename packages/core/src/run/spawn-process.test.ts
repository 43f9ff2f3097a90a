import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../util/redact.ts';
import { killAllProcessesNow, spawnerKind, spawnerPid, spawnProcess } from './spawn-process.ts';
import { groupAlive, isAlive as alive, processStartTime } from '../util/process-identity.ts';

const node = process.execPath;
const env = { ...process.env };


// Every behaviour through each spawner (native: native/spawner.c, built by `npm run build`; node:
// spawner.ts) and with ORCHESTRA_DIRECT_SPAWN=1 (forked here): the observable results are the same.
for (const mode of ['native', 'node', 'direct'] as const) describe(`spawnProcess (${mode})`, () => {
  const before = { direct: process.env.ORCHESTRA_DIRECT_SPAWN, spawner: process.env.ORCHESTRA_SPAWNER };
  beforeAll(() => {
    if (mode === 'direct') process.env.ORCHESTRA_DIRECT_SPAWN = '1';
    else {
      delete process.env.ORCHESTRA_DIRECT_SPAWN;
      process.env.ORCHESTRA_SPAWNER = mode;
    }
  });
  afterAll(() => {
    for (const [key, value] of [['ORCHESTRA_DIRECT_SPAWN', before.direct], ['ORCHESTRA_SPAWNER', before.spawner]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it(mode === 'direct' ? 'starts processes from this process' : `starts processes through the ${mode} spawner`, async () => {
    let pid = 0;
    const result = await spawnProcess({ command: ['true'], cwd: os.tmpdir(), env, onStart: (p) => (pid = p) });
    expect(result.exitCode).toBe(0);
    expect(result.pid).toBe(pid);
    if (mode !== 'direct') {
      // Fails (not skips) when the native spawner is not built or stale: `npm run build`.
      expect(spawnerKind(), `the ${mode} spawner did not start (native: run \`npm run build\`)`).toBe(mode);
      expect(spawnerPid()).toBeGreaterThan(0);
      expect(spawnerPid()).not.toBe(pid);
    }
  });

  it('runs an argv array, splits lines, writes the log and returns the exit code', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    const lines: string[] = [];
    const logFile = path.join(dir, 'logs', 'a', '1.log');
    const result = await spawnProcess({
      command: [node, '-e', 'console.log("one\\ntwo"); console.error("bad"); process.exit(3)'],
      cwd: dir,
      env,
      logFile,
      onLine: (stream, line) => lines.push(`${stream}:${line}`),
    });
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.stderrTail).toBe('bad');
    expect(lines).toEqual(expect.arrayContaining(['stdout:one', 'stdout:two', 'stderr:bad']));
    expect(await readFile(logFile, 'utf8')).toContain('two');
  });

  it('runs a string through the shell, as npm runs scripts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    const result = await spawnProcess({ command: 'echo "$0" && exit 0', cwd: dir, env });
    expect(result.exitCode).toBe(0);
    expect(result.outputTail).toContain('sh');
  });

  it('reports a missing program as a value', async () => {
    const result = await spawnProcess({ command: ['definitely-not-a-program-xyz'], cwd: os.tmpdir(), env });
    expect(result.spawnError).toMatch(/ENOENT/);
    expect(result.exitCode).toBeNull();
  });

  it('redacts secrets from lines and logs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    const secretEnv = { ...env, MY_TOKEN: 'sk-very-secret-value' };
    const logFile = path.join(dir, 'x.log');
    const result = await spawnProcess({
      command: [node, '-e', 'console.error(process.env.MY_TOKEN)'],
      cwd: dir,
      env: secretEnv,
      logFile,
      redact: createRedactor(secretEnv),
    });
    expect(result.stderrTail).toBe('***');
    expect(await readFile(logFile, 'utf8')).not.toContain('sk-very-secret-value');
  });

  it('kills the whole process tree on timeout, grandchildren included', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    // The child starts a grandchild that ignores SIGTERM, prints its pid, then both wait forever.
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('grandchild ' + g.pid);
      setInterval(() => {}, 1000);`;
    let grandchild = 0;
    const result = await spawnProcess({
      command: [node, '-e', script],
      cwd: dir,
      env,
      timeoutMs: 1_000,
      killGraceMs: 300,
      onLine: (_s, line) => {
        const m = /^grandchild (\d+)$/.exec(line);
        if (m) grandchild = Number(m[1]);
      },
    });
    expect(result.timedOut).toBe(true);
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
  });

  it('kills background processes left behind when the leader exits', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    let grandchild = 0;
    const result = await spawnProcess({
      command: 'sleep 30 & echo "bg $!"; exit 0',
      cwd: dir,
      env,
      killGraceMs: 300,
      onLine: (_s, line) => {
        const m = /^bg (\d+)$/.exec(line);
        if (m) grandchild = Number(m[1]);
      },
    });
    expect(result.exitCode).toBe(0);
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
  });

  it(mode === 'direct' ? 'gives the pid alone (the caller reads the start time)' : 'gives the pid with the start time the spawner read', async () => {
    let seen: { pid: number; startTime: string | undefined; readHere: string | undefined } | undefined;
    const stop = new AbortController();
    const result = await spawnProcess({
      command: ['sleep', '30'],
      cwd: os.tmpdir(),
      env,
      signal: stop.signal,
      // Read while it runs, then ended.
      onStart: (pid, startTime) => {
        seen = { pid, startTime, readHere: processStartTime(pid) };
        stop.abort();
      },
    });
    expect(result.aborted).toBe(true);
    expect(seen?.pid).toBe(result.pid);
    expect(seen?.readHere).toMatch(/^\d+$/);
    expect(seen?.startTime).toBe(mode === 'direct' ? undefined : seen?.readHere);
  });

  it('creates the log when there is output, a failure, or a second of silence; not for a quick silent success', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    const log = (name: string): string => path.join(dir, name, '1.log');
    const ok = await spawnProcess({ command: ['true'], cwd: dir, env, logFile: log('quiet'), logHeader: '$ true' });
    expect(ok.exitCode).toBe(0);
    await expect(readFile(log('quiet'), 'utf8')).rejects.toThrow(/ENOENT/);
    await spawnProcess({ command: ['false'], cwd: dir, env, logFile: log('failed'), logHeader: '$ false' });
    expect(await readFile(log('failed'), 'utf8')).toBe('$ false\n');
    await spawnProcess({ command: ['/bin/sh', '-c', 'sleep 1.5'], cwd: dir, env, logFile: log('slow'), logHeader: '$ slow' });
    expect(await readFile(log('slow'), 'utf8')).toBe('$ slow\n');
    await spawnProcess({ command: ['/bin/echo', 'hi'], cwd: dir, env, logFile: log('talks'), logHeader: '$ echo hi' });
    expect(await readFile(log('talks'), 'utf8')).toBe('$ echo hi\nhi\n');
  });

  // The test's own timeout is what fails without killAllProcessesNow: the grace period is 10 minutes.
  it('killAllProcessesNow cuts the grace period short for a process that ignores SIGTERM', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    const controller = new AbortController();
    let ready = false;
    const running = spawnProcess({
      command: ['/bin/sh', '-c', "trap '' TERM; echo ready; while :; do sleep 0.05; done"],
      cwd: dir,
      env,
      signal: controller.signal,
      killGraceMs: 600_000,
      onLine: (_s, line) => {
        if (line === 'ready') ready = true;
      },
    });
    await expect.poll(() => ready, { timeout: 20_000 }).toBe(true);
    controller.abort();
    killAllProcessesNow();
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    await expect.poll(() => alive(result.pid!), { timeout: 10_000 }).toBe(false);
  });

  // A process that leaves the group on purpose (setsid) is not killed, but must not hold up the task
  // by keeping its output pipes open. (The test's own timeout is what fails without the drain: the
  // escaped sleep would keep the pipes for 173 s.)
  for (const ending of ['timeout', 'abort', 'exit'] as const) {
    it(`does not wait for a process that left the group (setsid) and holds the pipes: ${ending}`, { timeout: 20_000 }, async () => {
      const controller = new AbortController();
      let escaped = 0;
      const tail = ending === 'exit' ? 'exit 0' : 'sleep 174';
      const result = await spawnProcess({
        // The escaped process says its pid once it has left the group; the leader goes on after that.
        command: ['/bin/sh', '-c', `setsid /bin/sh -c 'echo "bg $$"; echo $$ > escaped.pid; exec sleep 173' & while [ ! -s escaped.pid ]; do sleep 0.01; done; ${tail}`],
        cwd: await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-')),
        env,
        killGraceMs: 300,
        ...(ending === 'timeout' ? { timeoutMs: 1_000 } : { signal: controller.signal }),
        onLine: (_s, line) => {
          const m = /^bg (\d+)$/.exec(line);
          if (!m) return;
          escaped = Number(m[1]);
          if (ending === 'abort') controller.abort();
        },
      });
      try {
        expect(escaped).toBeGreaterThan(0);
        if (ending === 'timeout') expect(result.timedOut).toBe(true);
        if (ending === 'abort') expect(result.aborted).toBe(true);
        if (ending === 'exit') expect(result.exitCode).toBe(0);
      } finally {
        if (escaped > 0 && alive(escaped)) process.kill(escaped, 'SIGKILL');
      }
    });
  }

  it('terminates the tree when the signal aborts', async () => {
    const controller = new AbortController();
    const promise = spawnProcess({
      command: [node, '-e', 'console.log("up"); setInterval(() => {}, 1000)'],
      cwd: os.tmpdir(),
      env,
      signal: controller.signal,
      onLine: () => controller.abort(),
    });
    const result = await promise;
    expect(result.aborted).toBe(true);
    expect(result.signal).toBe('SIGTERM');
  });

  // A shell that forks its command (not the last one, so not exec'd): killing the group leaves the
  // command an orphan. Where pid 1 does not reap orphans (a container without an init, as on the
  // machines this was written on), its zombie stays in the group; the native spawner reaps it (a child
  // subreaper), and groupAlive does not count zombies, so the task ends at once, not after its kill grace.
  // (Waiting out the minute of grace would fail the test by its timeout.)
  it('ends at once when the tree leaves an orphan behind', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    const result = await spawnProcess({
      command: 'echo up; sleep 30; :',
      cwd: os.tmpdir(),
      env,
      signal: controller.signal,
      killGraceMs: 60_000,
      onLine: () => controller.abort(),
    });
    expect(result.aborted).toBe(true);
  });

  it('ends once a process that outlived the SIGTERM is gone, not at the end of the grace period', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    // The background process ignores SIGTERM (set before it says "ready") and then holds no pipe; it
    // leaves by itself half a second later.
    const result = await spawnProcess({
      command: ['/bin/sh', '-c', '(trap "" TERM; echo ready; exec >/dev/null 2>&1; sleep 0.5) & wait'],
      cwd: os.tmpdir(),
      env,
      signal: controller.signal,
      killGraceMs: 60_000,
      onLine: (_stream, line) => {
        if (line === 'ready') controller.abort();
      },
    });
    expect(result.aborted).toBe(true);
    // Not before the group is gone either (zombies aside: off the native spawner nobody here reaps them).
    expect(groupAlive(result.pid!)).toBe(false);
  });

  it('terminates at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await spawnProcess({
      command: [node, '-e', 'setInterval(() => {}, 1000)'],
      cwd: os.tmpdir(),
      env,
      signal: controller.signal,
      killGraceMs: 300,
    });
    expect(result.aborted).toBe(true);
    expect(result.exitCode).toBeNull();
  });

  it('passes input on stdin', async () => {
    const result = await spawnProcess({
      command: [node, '-e', 'process.stdin.pipe(process.stdout)'],
      cwd: os.tmpdir(),
      env,
      input: 'hello\n',
    });
    expect(result.outputTail).toBe('hello');
  });

  it('passes input larger than a pipe holds', async () => {
    const input = `${'a'.repeat(999_999)}\n`;
    let echoed = '';
    const result = await spawnProcess({
      command: [node, '-e', 'process.stdin.pipe(process.stdout)'],
      cwd: os.tmpdir(),
      env,
      input,
      onLine: (_s, line) => (echoed = line),
    });
    expect(result.exitCode).toBe(0);
    expect(echoed).toBe(input.slice(0, -1));
  });

  it('looks a bare program name up on the PATH of the given env, not this process\'s', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    await mkdir(path.join(dir, 'bin'));
    await writeFile(path.join(dir, 'bin', 'orc-only-here'), '#!/bin/sh\necho "found $1"\n');
    await chmod(path.join(dir, 'bin', 'orc-only-here'), 0o755);
    const result = await spawnProcess({
      command: ['orc-only-here', 'it'],
      cwd: dir,
      env: { ...env, PATH: `${path.join(dir, 'bin')}:${env.PATH ?? ''}` },
      localBins: false,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputTail).toBe('found it');
  });

  it('reports a program that is not executable as EACCES', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    await writeFile(path.join(dir, 'not-exec'), '#!/bin/sh\necho no\n');
    const byPath = await spawnProcess({ command: [path.join(dir, 'not-exec')], cwd: dir, env });
    expect(byPath.spawnError).toMatch(/^EACCES/);
    expect(byPath.exitCode).toBeNull();
    const byName = await spawnProcess({ command: ['not-exec'], cwd: dir, env: { ...env, PATH: dir }, localBins: false });
    expect(byName.spawnError).toMatch(/^EACCES/);
  });

  it('runs an executable script without a #! line with /bin/sh, as execvp does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orc-spawn-'));
    await writeFile(path.join(dir, 'no-shebang'), 'echo "args: $1 $2"\n');
    await chmod(path.join(dir, 'no-shebang'), 0o755);
    const result = await spawnProcess({ command: [path.join(dir, 'no-shebang'), 'a', 'b c'], cwd: dir, env });
    expect(result.spawnError).toBeUndefined();
    expect(result.exitCode).toBe(0);
    expect(result.outputTail).toBe('args: a b c');
  });

  it('reports a NUL byte in an argument or the env as a value, as spawn() throws it', async () => {
    const inArg = await spawnProcess({ command: ['echo', 'a\0b'], cwd: os.tmpdir(), env });
    expect(inArg.spawnError).toMatch(/^ERR_INVALID_ARG_VALUE/);
    const inEnv = await spawnProcess({ command: ['true'], cwd: os.tmpdir(), env: { ...env, BAD: 'a\0b' } });
    expect(inEnv.spawnError).toMatch(/^ERR_INVALID_ARG_VALUE/);
  });

  it('reports a missing working folder as ENOENT', async () => {
    const result = await spawnProcess({ command: ['true'], cwd: path.join(os.tmpdir(), 'orc-no-such-folder-xyz'), env });
    expect(result.spawnError).toMatch(/^ENOENT/);
    expect(result.exitCode).toBeNull();
  });

  it('passes on large output whole, multi-byte characters included', async () => {
    const lines: string[] = [];
    const result = await spawnProcess({
      command: [node, '-e', 'for (let i = 0; i < 20000; i++) process.stdout.write(`line ${i} é€😀 ${"x".repeat(100)}\\n`)'],
      cwd: os.tmpdir(),
      env,
      onLine: (_s, line) => lines.push(line),
    });
    expect(result.exitCode).toBe(0);
    expect(lines).toHaveLength(20_000);
    expect(lines[19_999]).toBe(`line 19999 é€😀 ${'x'.repeat(100)}`);
    expect(lines.every((line) => line.includes('é€😀'))).toBe(true);
  });

  it('reports the signal that ended the process', async () => {
    const result = await spawnProcess({ command: ['/bin/sh', '-c', 'kill -USR1 $$'], cwd: os.tmpdir(), env });
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGUSR1');
  });
});
