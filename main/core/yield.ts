// Long loops over every file of a bundle (100,000s of central-directory records, file-list lines)
// give the event loop a turn whenever they have held the thread for a few milliseconds, so a
// server answering other requests, or a window's IPC, is never blocked for long (issue 13: p99
// of a trivial call while four 100,000-file verifications run). The slice is measured in time,
// not steps: steps differ a hundredfold in cost, and four loops running at once each take one
// slice per turn of the event loop, so a turn lasts at most four slices.
import { setImmediate } from 'node:timers/promises';

/** How long a loop may hold the thread before it gives the event loop a turn. */
const SLICE_MS = 3;
/** How often (in steps) a loop looks at the clock. */
const CHECK_EVERY = 128;

let sliceStart = performance.now();

/** True when the loop at `step` should await `nextTurn()`: it has held the thread for a slice. */
export function sliceSpent(step: number): boolean {
  return step % CHECK_EVERY === 0 && performance.now() - sliceStart >= SLICE_MS;
}

/** Lets the event loop serve everything else that is waiting, then starts a new slice. */
export async function nextTurn(): Promise<void> {
  await setImmediate();
  sliceStart = performance.now();
}
