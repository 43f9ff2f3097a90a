// `claude --version`, asked once per executable (it answers in ~10 ms, but a run asks per task).
import { spawnProcess } from '@orchestra/core';

export interface VersionProbe {
  /** `2.1.331` for `2.1.331 (Claude Code)`; throws a readable Error when the program does not answer. */
  of(claudePath: string, env: Readonly<Record<string, string | undefined>>): Promise<string>;
}

export function createVersionProbe(): VersionProbe {
  const cache = new Map<string, Promise<string>>();
  const ask = async (claudePath: string, env: Readonly<Record<string, string | undefined>>): Promise<string> => {
    let out = '';
    const result = await spawnProcess({
      command: [claudePath, '--version'],
      cwd: process.cwd(),
      env,
      localBins: false,
      timeoutMs: 30_000,
      killGraceMs: 1_000,
      onLine: (stream, line) => {
        if (stream === 'stdout') out += `${line}\n`;
      },
    });
    const version = /\d+\.\d+\.\d+[\w.+-]*/.exec(out)?.[0];
    if (result.exitCode !== 0 || !version) {
      const why = result.spawnError ?? `exit code ${result.exitCode ?? result.signal}${result.stderrTail ? `: ${result.stderrTail.split('\n').at(-1)}` : ''}`;
      throw new Error(`${claudePath} --version failed (${why})`);
    }
    return version;
  };
  return {
    of(claudePath, env) {
      let pending = cache.get(claudePath);
      if (!pending) {
        pending = ask(claudePath, env);
        cache.set(claudePath, pending);
        pending.catch(() => cache.delete(claudePath)); // a failure is not remembered
      }
      return pending;
    },
  };
}
