// V8 settings for the processes that run the engine (the CLI and `serve`, the desktop app's
// engine process), set once at their start.
import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring. When objects made at one place in the code survive
 * a young-generation collection often enough, V8 starts allocating them straight in the old
 * generation. Archiving and verifying make a few short-lived objects per file (a file's
 * description, its digest, its batch slot) that sometimes live across a collection while the
 * disk catches up; once V8 pretenures them, every one of a million files' objects goes to the old
 * generation and dies there: a million-file create sampled 1,083 MB of such garbage with it and
 * 247 MB without (`scripts/bench/garbage-probe.ts`), and the heap V8 grows to follows that.
 */
export function tuneHeap(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
