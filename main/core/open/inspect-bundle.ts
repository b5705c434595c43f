// `inspect`: what a bundle holds, read from its manifest without extracting anything and without
// hashing its files (that is `verify`). The signature is checked; a manifest whose signature
// fails is still shown, marked as unverified, and can never be replayed.
import { stat } from 'node:fs/promises';
import { formatFingerprint } from '../../shared/format';
import { manifestView } from '../../shared/manifest';
import { openBundle } from './open-bundle';
import type { BundleSummary } from '../../shared/views';

export async function inspectBundle(file: string): Promise<BundleSummary> {
  const { size } = await stat(file);
  const opened = await openBundle(file);
  if ('rejected' in opened) {
    return {
      file,
      bytes: size,
      signature: { valid: false, reason: 'the archive was rejected', fingerprint: null, fingerprintDisplay: null },
      manifestVerified: false,
      manifest: null,
      problems: opened.rejected,
    };
  }
  await opened.reader.close();
  const fingerprint = opened.signature.fingerprint;
  const view = opened.manifest ?? opened.unverifiedManifest;
  return {
    file,
    bytes: size,
    signature: {
      valid: opened.signature.valid,
      reason: opened.signature.reason,
      fingerprint,
      fingerprintDisplay: fingerprint === null ? null : formatFingerprint(fingerprint),
    },
    manifestVerified: opened.manifest !== null,
    manifest: view === null ? null : manifestView(view),
    problems: opened.problems,
  };
}
