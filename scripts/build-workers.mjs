// Bundles worker-thread scripts (`*.worker.ts`) with esbuild, one self-contained ESM file each:
// `npm run build` writes the product's into out/main/workers/, and Vitest's global setup does
// the same before the tests (test/setup/build-workers.ts), so tests run the code that ships.
import path from 'node:path';
import { build } from 'esbuild';

/** The product's workers: name in out/main/workers/ → source. */
export const PRODUCT_WORKERS = {
  'read-batch': 'main/core/zip/workers/read-batch.worker.ts',
  'stat-batch': 'main/core/scan/workers/stat-batch.worker.ts',
  digest: 'main/core/zip/workers/digest.worker.ts',
};

/**
 * `external`: leave dependencies in node_modules (a worker that runs the whole engine, which
 * needs dockerode's native add-ons); the product's workers are self-contained.
 */
export async function buildWorkers(
  entryPoints = PRODUCT_WORKERS,
  outdir = path.join('out', 'main', 'workers'),
  { external = false } = {},
) {
  await build({
    ...(external ? { packages: 'external' } : {}),
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    logLevel: 'warning',
  });
}
