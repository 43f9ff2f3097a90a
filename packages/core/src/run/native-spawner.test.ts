// The native spawner's build and freshness check, on a copy of the package layout in a temp folder:
// the build script compiles a working binary, and a source changed after the build makes the runtime
// fall back to the Node spawner. Needs a C compiler (`cc` or $CC): without one these tests fail.
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findNativeSpawner, NATIVE_SPAWNER_NAME, STAMP_SUFFIX } from './native-spawner.ts';
import { decodeStarted, decodeStatus, encodeStart, FrameReader } from './spawner-protocol.ts';
import { processStartTime } from '../util/process-identity.ts';

const node = process.execPath;
const core = fileURLToPath(new URL('../../', import.meta.url));
const COPIED = [
  'native/spawner.c',
  'scripts/build-spawner.ts',
  'src/run/native-spawner.ts',
  'src/run/spawner-client.ts',
  'src/run/spawner-protocol.ts',
  'src/run/spawner.ts',
  'src/run/spawn-child.ts',
  'src/util/process-identity.ts',
  'src/core-dir.ts',
];

/** A copy of the files the build and the spawner client need, at the same relative paths. */
async function copyOfCore(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orc-native-'));
  for (const file of COPIED) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await copyFile(path.join(core, file), path.join(root, file));
  }
  return root;
}

function build(root: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(node, [path.join(root, 'scripts/build-spawner.ts')], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the copied client in a fresh process: which spawner it picks, and `true` run through it. */
function probe(root: string): { kind: string; code: string } {
  const script = `
    import { selectedSpawner, spawnerKind, startThroughSpawner } from ${JSON.stringify(path.join(root, 'src/run/spawner-client.ts'))};
    const kind = selectedSpawner();
    startThroughSpawner('sh', ['-c', 'exit 7'], '/', process.env, undefined, {
      start() {}, data() {}, error() {}, exit() {}, lost() {}, thrown(c) { console.log(kind, 'thrown', c); },
      close(code) { console.log(kind, spawnerKind(), code); },
    });`;
  const { ORCHESTRA_SPAWNER: _, ORCHESTRA_DIRECT_SPAWN: __, ...env } = process.env;
  const r = spawnSync(node, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  const [kind = '', used = '', code = ''] = r.stdout.trim().split(' ');
  expect(used, r.stderr).toBe(kind);
  return { kind, code };
}

describe('the native spawner', () => {
  let root = '';
  beforeAll(async () => {
    root = await copyOfCore();
  }, 60_000);

  it('is built by the build script with a stamp of its source, and used while the stamp matches', { timeout: 60_000 }, async () => {
    expect(probe(root)).toEqual({ kind: 'node', code: '7' }); // not built yet
    const r = build(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/built .*orchestra-spawner/);
    const binary = findNativeSpawner(path.join(root, 'native/out'), path.join(root, 'native/spawner.c'));
    expect(binary).toBe(path.join(root, 'native/out', NATIVE_SPAWNER_NAME));
    expect(probe(root)).toEqual({ kind: 'native', code: '7' });

    // A changed source makes the binary stale: the runtime falls back to the Node spawner.
    await appendFile(path.join(root, 'native/spawner.c'), '\n/* changed */\n');
    expect(findNativeSpawner(path.join(root, 'native/out'), path.join(root, 'native/spawner.c'))).toBeUndefined();
    expect(probe(root)).toEqual({ kind: 'node', code: '7' });
    // So does a stamp that does not match, or none.
    expect(build(root).status).toBe(0);
    expect(probe(root).kind).toBe('native');
    await writeFile(`${binary}${STAMP_SUFFIX}`, `${'0'.repeat(64)}\n`);
    expect(probe(root).kind).toBe('node');
  });

  it('speaks the protocol: start, output, exit, close; a missing program is S 0, E, C', { timeout: 60_000 }, async () => {
    const out = path.join(root, 'protocol-out');
    const r = spawnSync(node, [path.join(root, 'scripts/build-spawner.ts'), out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const helper = spawn(path.join(out, NATIVE_SPAWNER_NAME), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const events: string[] = [];
    const pids = new Map<number, number>();
    const startTimes: (string | undefined)[] = [];
    const done = new Promise<void>((resolve) => {
      let closes = 0;
      const reader = new FrameReader((id, kind, body) => {
        if (kind === 'o' || kind === 'e' || kind === 'E' || kind === 'T') events.push(`${id}${kind} ${body.toString().trim()}`);
        else if (kind === 'S') {
          const { pid, startTime } = decodeStarted(body);
          if (pid) pids.set(id, pid);
          // Read here while the process runs (3 sleeps until it is killed): the spawner's reading must be the same.
          if (id === 3 && pid) {
            startTimes.push(startTime, processStartTime(pid));
            process.kill(pid, 'SIGKILL');
          }
          events.push(`${id}S ${pid ? 'pid' : '0'}`);
        } else {
          const { code, signal, groupAlive } = decodeStatus(body);
          events.push(`${id}${kind} ${code} ${signal}${kind === 'X' ? ` group ${groupAlive ? 'left' : 'gone'}` : ''}`);
          if (kind === 'C' && ++closes === 4) resolve();
        }
      });
      helper.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    });
    helper.stdin.write(encodeStart(1, '/bin/sh', ['-c', 'read x; echo "got $x"; exit 5'], os.tmpdir(), { PATH: '/usr/bin:/bin' }, 'in\n'));
    helper.stdin.write(encodeStart(2, 'no-such-program-xyz', [], os.tmpdir(), { PATH: '/usr/bin:/bin' }, undefined));
    helper.stdin.write(encodeStart(3, 'sleep', ['30'], os.tmpdir(), { PATH: '/usr/bin:/bin' }, undefined));
    // Leaves a process behind in its group: the exit says so (the parent then ends the group).
    helper.stdin.write(encodeStart(4, '/bin/sh', ['-c', 'sleep 30 >/dev/null 2>&1 & exit 0'], os.tmpdir(), { PATH: '/usr/bin:/bin' }, undefined));
    await done;
    process.kill(-pids.get(4)!, 'SIGKILL');
    const exited = new Promise((resolve) => helper.on('exit', resolve));
    helper.stdin.end(); // EOF on the request channel: the helper exits
    expect(await exited).toBe(0);
    expect(events.filter((e) => e.startsWith('1'))).toEqual(['1S pid', '1o got in', '1X 5 null group gone', '1C 5 null']);
    expect(events.filter((e) => e.startsWith('3'))).toEqual(['3S pid', '3X null SIGKILL group gone', '3C null SIGKILL']);
    expect(events.filter((e) => e.startsWith('4'))).toEqual(['4S pid', '4X 0 null group left', '4C 0 null']);
    expect(startTimes[0]).toMatch(/^\d+$/);
    expect(startTimes[0]).toBe(startTimes[1]);
    expect(events.filter((e) => e.startsWith('2'))).toEqual(['2S 0', '2E ENOENT', '2C -2 null']);
  });

  it('sends what a process wrote before its exit, however many processes end together', { timeout: 60_000 }, async () => {
    const out = path.join(root, 'order-out');
    const r = spawnSync(node, [path.join(root, 'scripts/build-spawner.ts'), out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const helper = spawn(path.join(out, NATIVE_SPAWNER_NAME), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const COUNT = 300;
    const wrongOrder: number[] = [];
    const done = new Promise<void>((resolve) => {
      const wrote = new Set<number>();
      let closes = 0;
      const reader = new FrameReader((id, kind) => {
        if (kind === 'o') wrote.add(id);
        else if (kind === 'X' && !wrote.has(id)) wrongOrder.push(id);
        else if (kind === 'C' && ++closes === COUNT) resolve();
      });
      helper.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    });
    // All at once: many SIGCHLDs race with the processes' output.
    for (let id = 1; id <= COUNT; id++) {
      helper.stdin.write(encodeStart(id, '/bin/sh', ['-c', `echo out-${id}`], os.tmpdir(), { PATH: '/usr/bin:/bin' }, undefined));
    }
    await done;
    helper.stdin.end();
    expect(wrongOrder).toEqual([]);
  });
});
