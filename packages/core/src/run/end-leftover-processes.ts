// After a kill -9 of orchestra, the tasks it was running live on: each task runs in its own process
// group, which the death of orchestra does not reach. The run that takes over the dead run's lock ends
// them before it starts anything, so the same task never runs twice at once (the leftover and its
// rerun writing the same files). Each running attempt records its process group and the start time of
// the group's leader (run-plan.ts), so a pid that now names some other process is left alone.
import { sleep } from './clock.ts';
import type { StateFile } from '../state/state-format.ts';
import { groupAlive, isAlive, isSameProcess } from '../util/process-identity.ts';

export const DEFAULT_LEFTOVER_GRACE_MS = 5_000;

export interface LeftoverGroup {
  task: string;
  pgid: number;
}

/** Sends SIGTERM to the recorded groups still alive, SIGKILL after `graceMs`; returns those it ended. */
export async function endLeftoverProcesses(state: StateFile, graceMs: number): Promise<LeftoverGroup[]> {
  const found: LeftoverGroup[] = [];
  for (const [task, s] of Object.entries(state.tasks)) {
    const last = s.attempts.at(-1);
    if (last?.outcome !== 'running' || last.pgid === undefined) continue;
    if (isRecordedGroup(last.pgid, last.pgidStartTime)) found.push({ task, pgid: last.pgid });
  }
  if (found.length === 0) return [];
  for (const { pgid } of found) signalGroup(pgid, 'SIGTERM');
  const deadline = performance.now() + graceMs;
  while (found.some(({ pgid }) => groupAlive(pgid)) && performance.now() < deadline) await sleep(25);
  for (const { pgid } of found) if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  return found;
}

/**
 * True when group `pgid` is alive and is the recorded one. Its leader alive: it must be the same
 * process (same start time). Its leader gone: a pid is not handed out again while a group of that id
 * exists, so the living group is still the recorded one.
 */
function isRecordedGroup(pgid: number, leaderStartTime: string | undefined): boolean {
  if (!groupAlive(pgid)) return false;
  return isAlive(pgid) ? isSameProcess(pgid, leaderStartTime) : true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // gone meanwhile, or not ours to signal
  }
}
