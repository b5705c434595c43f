// Vitest global setup: bundles the worker-thread scripts before any test runs, the product's
// (into out/main/workers/, where the sources find them) and the tests' own, so the engine's
// worker code runs under Vitest exactly as it ships; when the run ends, removes the images it built.
import path from 'node:path';
import { buildWorkers } from '../../scripts/build-workers.mjs';
import { removeImagesSince } from '../../scripts/remove-built-images';

/** Workers only tests use: name in out/test-workers/ → source. */
export const TEST_WORKERS = {
  probe: 'test/main/core/zip/workers/probe.worker.ts',
  'engine-host': 'test/main/handlers/workers/engine-host.worker.ts',
  'killable-writer': 'test/main/core/files/workers/killable-writer.worker.ts',
};
export const TEST_WORKERS_DIR = path.join('out', 'test-workers');

export async function setup(): Promise<() => Promise<void>> {
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  await Promise.all([buildWorkers(), buildWorkers(TEST_WORKERS, TEST_WORKERS_DIR, { external: true })]);
  // Teardown: the images this run built are removed (scripts/remove-built-images.ts).
  return async () => {
    await removeImagesSince(startedAt);
  };
}
