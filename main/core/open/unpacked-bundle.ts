// A verified bundle unpacked into a scratch folder for the duration of one task (export,
// checklist), then removed, whatever happens. A bundle that does not verify is refused first.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../../shared/manifest';
import { verifyBundle } from './verify-bundle';
import { ReproError } from '../errors';
import { freshWorkFolder, unpackVerifiedBundle } from './extract-bundle';

export interface UnpackedBundle {
  dir: string;
  manifest: Manifest;
  /** Where a bundle path (e.g. `project/train.py`) is on disk. */
  onDisk: (name: string) => string;
}

export async function withUnpackedBundle<T>(
  source: string,
  workDir: string,
  signal: AbortSignal | undefined,
  use: (bundle: UnpackedBundle) => Promise<T>,
): Promise<T> {
  const verification = await verifyBundle(source, signal === undefined ? {} : { signal });
  const manifest = verification.manifest;
  if (!verification.valid || manifest === null) {
    throw new ReproError({
      code: 'bundle-invalid',
      message: `${source} failed verification: ${verification.problems[0] ?? verification.signature.reason ?? 'invalid signature'}.`,
      fix: 'Use a bundle that verifies; create it again if it was altered.',
      file: source,
    });
  }
  const scratch = await freshWorkFolder(workDir, 'unpacked');
  try {
    const dir = path.join(scratch, 'bundle');
    await unpackVerifiedBundle(source, manifest, dir);
    return await use({ dir, manifest, onDisk: (name) => path.join(dir, ...name.split('/')) });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
