// What a submission copy holds, independent of which copy it is: the files every copy carries
// over from the original bundle, each with the SHA-256 it had there (a review copy records the
// original hash of every file it rewrote to remove identity). A review copy and the camera-ready
// copy of the same bundle have the same content digest; an attestation made on the review copy
// carries it, so it can only be transferred to a camera-ready copy of the very same content.
import { createHash } from 'node:crypto';
import { CHECKSUMS_NAME, README_NAME } from '../../shared/layout';
import type { Manifest } from '../../shared/manifest';
import { RO_CRATE_METADATA } from './ro-crate';

export const CHECKLIST_NAME = 'REPRODUCIBILITY.md';
export const MODEL_CARD_NAME = 'MODEL_CARD.md';
export const CITATION_NAME = 'CITATION.cff';

/** Files each copy writes anew (they differ between copies by design): never compared. */
export const REGENERATED_FILES: ReadonlySet<string> = new Set([
  CHECKSUMS_NAME,
  README_NAME,
  RO_CRATE_METADATA,
  CHECKLIST_NAME,
  MODEL_CARD_NAME,
  CITATION_NAME,
]);

/** SHA-256 over the sorted `path\toriginal SHA-256` lines of every carried-over file. */
export function contentDigest(manifest: Manifest): string {
  const originals = new Map((manifest.submission?.rewritten ?? []).map((entry) => [entry.path, entry.originalSha256]));
  const lines = manifest.files
    .filter((file) => !REGENERATED_FILES.has(file.path))
    .map((file) => `${file.path}\t${originals.get(file.path) ?? file.sha256}\n`)
    .sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}
