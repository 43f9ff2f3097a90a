// Calls the orchestra CLI's `main` inside the executor's process, with plain-line output and an
// AbortSignal that SIGINT/SIGTERM fire, so Ctrl-C under Nx stops the run as it would in a terminal.
import { Writable } from 'node:stream';

/** A plain writable over a real stream: no `isTTY`, so the engine prints plain lines, not a live view. */
function plain(target: NodeJS.WriteStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      target.write(chunk, () => callback());
    },
  });
}

export async function runOrchestra(
  argv: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ success: boolean }> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  try {
    // Imported here, not at the top: Nx loads executors.json's modules when it builds task graphs.
    const { main } = await import('@orchestra/cli');
    const code = await main(argv, {
      stdout: plain(process.stdout),
      stderr: plain(process.stderr),
      env,
      cwd,
      signal: controller.signal,
    });
    return { success: code === 0 };
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
