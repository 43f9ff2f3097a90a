// Starting one task process with node:child_process, the same way from the orchestra process (direct
// spawns) and from the Node spawner (spawner.ts): in its own process group (`detached`), stdin ignored or
// fed with the input, stdout and stderr piped.
import { spawn, type ChildProcess } from 'node:child_process';

export type SpawnedChild = { ok: true; child: ChildProcess } | { ok: false; code: string };

export function spawnChild(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, input: string | Uint8Array | undefined): SpawnedChild {
  let child: ChildProcess;
  try {
    child = spawn(file, args, { cwd, env, detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch (error: unknown) {
    return { ok: false, code: errorCode(error) };
  }
  if (input !== undefined && child.stdin) {
    child.stdin.on('error', () => {}); // the process may exit without reading its input
    child.stdin.end(input);
  }
  return { ok: true, child };
}

/** `ENOENT`, `EACCES`, `ERR_INVALID_ARG_VALUE`...: what Node's spawn errors carry as `code`. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? error.message : String(error);
}
