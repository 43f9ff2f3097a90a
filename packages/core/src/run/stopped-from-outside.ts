// A task's process ended by SIGINT, SIGTERM or SIGHUP that orchestra did not send: its surroundings are
// stopping (Ctrl-C under `nx run` in a terminal, where Nx signals its task trees leaves first, so the
// agent dies before orchestra hears of it; a cancelled CI job; a closed terminal). That is an
// interruption of the run, not a failure of the task: no retry, resumable, and nothing new starts.
// SIGKILL is not in the list: the OOM killer and timeouts' last resort use it, and they are failures.
const STOPPING_SIGNALS: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

export function stoppedFromOutside(signal: string | null | undefined): boolean {
  return signal !== null && signal !== undefined && STOPPING_SIGNALS.has(signal);
}
