// Where a bundle, copy or attestation is written: never over an existing file unless the user asked
// (issue 13). Checked up front, before any slow work, and again at the final rename (a no-replace
// rename, atomic-write.ts), so a file that appears meanwhile is not replaced either.
import { lstat } from 'node:fs/promises';
import { ReproError } from '../errors';

export async function refuseExistingOutput(file: string, replace: boolean): Promise<void> {
  if (replace) return;
  const existing = await lstat(file).catch(() => undefined);
  if (existing === undefined) return;
  throw new ReproError({
    code: 'output-exists',
    kind: 'usage',
    message: `${file} already exists; it is never replaced unless you ask.`,
    fix: 'Choose another file name, or ask for the existing file to be replaced.',
    inputs: ['output', 'overwrite'],
    file,
  });
}
