// Long loops over every file of a bundle (100,000s of central-directory records, file-list lines)
// give the event loop a turn every few thousand steps, so a server answering other requests, or
// a window's IPC, is never blocked for the whole loop (issue 13: p99 of a trivial call under load).
import { setImmediate } from 'node:timers/promises';

/** How many steps a loop runs between turns of the event loop. */
export const YIELD_EVERY = 4096;

/** Awaits a turn of the event loop when `step` is a multiple of YIELD_EVERY (and not 0). */
export async function yieldEvery(step: number): Promise<void> {
  if (step > 0 && step % YIELD_EVERY === 0) await setImmediate();
}
