// Progress cadence benchmark (part of `npm run bench`, BENCH_ONLY=progress; with the million-file
// corpus under BENCH_ONLY=million): create and verify run in-process, as the app's engine runs
// them, and every progress event they send is timed. Prints the longest stretch without one, and
// between which phases it fell, against the target (long work reports at least every second).
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { createBundle } from '../../main/core/create/create-bundle';
import { verifyBundle } from '../../main/core/open/verify-bundle';
import { ephemeralSigningKey } from '../../main/core/signing/keys';
import type { ProgressEvent } from '../../main/shared/messages';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const TARGET_MS = 1000;

interface Timed {
  at: number;
  phase: string;
}

/** Runs `work` with a progress sink that times every event; returns the events and the run's length. */
async function timeProgress(
  work: (sink: (event: ProgressEvent) => void) => Promise<unknown>,
): Promise<{ events: Timed[]; ms: number }> {
  const events: Timed[] = [];
  const started = performance.now();
  await work((event) => events.push({ at: performance.now() - started, phase: event.phase }));
  return { events, ms: performance.now() - started };
}

function report(label: string, { events, ms }: { events: Timed[]; ms: number }): void {
  let longest = { gap: 0, from: 'start', to: 'start', at: 0 };
  let previous: Timed = { at: 0, phase: 'start' };
  for (const event of [...events, { at: ms, phase: 'end' }]) {
    const gap = event.at - previous.at;
    if (gap > longest.gap) longest = { gap, from: previous.phase, to: event.phase, at: previous.at };
    previous = event;
  }
  console.log(
    `  ${label.padEnd(7)} ${(ms / 1000).toFixed(2).padStart(6)} s, ${String(events.length).padStart(4)} events; longest without one ${(longest.gap / 1000).toFixed(2)} s (${longest.from} → ${longest.to}, at ${(longest.at / 1000).toFixed(2)} s) — target ≤ ${(TARGET_MS / 1000).toFixed(1)} s`,
  );
}

export async function progressBench(name: string, corpus: string): Promise<void> {
  const output = path.join(BENCH_DIR, 'out', `${name}.progress.rbundle`);
  console.log(`\nprogress cadence, ${name} (in-process, as the app's engine runs them)`);
  try {
    report(
      'create',
      await timeProgress((onProgress) =>
        createBundle({
          projectDir: corpus,
          output,
          replace: true,
          key: ephemeralSigningKey('Bench'),
          hardware: false,
          exclude: ['.complete'],
          largeFileBytes: Number.MAX_SAFE_INTEGER,
          onProgress,
        }),
      ),
    );
    report('verify', await timeProgress((onProgress) => verifyBundle(output, { onProgress })));
  } finally {
    await rm(output, { force: true });
  }
}
