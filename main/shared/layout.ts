// Names inside a bundle archive (docs/FORMAT.md): the signed manifest, the signature, the
// checksum list for `sha256sum -c`, and the project's files under project/.
import type { FileTable } from './file-table';

export const MANIFEST_NAME = 'bundle.json';
export const SIGNATURE_NAME = 'bundle.sig';
export const CHECKSUMS_NAME = 'SHA256SUMS';
/** Format v2: the list of every other file, one line each, whose SHA-256 the manifest holds. */
export const FILE_LIST_NAME = 'FILES';
export const PROJECT_PREFIX = 'project/';
/** Synthetic samples: `samples/<dataset path>` and `samples/<dataset path>.report.json`. */
export const SAMPLES_PREFIX = 'samples/';
/** A frozen image's files (frozen-image.ts). */
export const IMAGE_FOLDER = 'image/';
/** Generated at create time so a bundle can be replayed by hand with docker (README.md says how). */
export const DOCKERFILE_NAME = 'Dockerfile';
export const DOCKERIGNORE_NAME = '.dockerignore';
export const README_NAME = 'README.md';

/**
 * Entries the file list does not hold: the manifest (it cannot list itself), the signature over it
 * and, in v2, the file list itself (the manifest holds its digest instead).
 */
export function unlistedEntries(formatVersion: number): ReadonlySet<string> {
  return new Set(
    formatVersion >= 2 ? [MANIFEST_NAME, SIGNATURE_NAME, FILE_LIST_NAME] : [MANIFEST_NAME, SIGNATURE_NAME],
  );
}

/** Generous, but a manifest is metadata: anything larger is an attack on the reader. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
export const MAX_SIGNATURE_BYTES = 64 * 1024;

export const BUNDLE_EXTENSION = '.rbundle';

/**
 * How the files a manifest lists divide: the project's own (what scan and create count), the
 * synthetic samples, a frozen image's, and ReproBundle's own (Dockerfile, README…), so every front
 * counts the project the same way.
 */
export function fileCounts(files: FileTable): {
  project: { files: number; bytes: number };
  samples: number;
  image: number;
  own: string[];
} {
  const counts = { project: { files: 0, bytes: 0 }, samples: 0, image: 0, own: [] as string[] };
  for (let index = 0; index < files.length; index += 1) {
    const file = files.path(index);
    if (file.startsWith(PROJECT_PREFIX)) {
      counts.project.files += 1;
      counts.project.bytes += files.size(index);
    } else if (file.startsWith(SAMPLES_PREFIX)) counts.samples += 1;
    else if (file.startsWith(IMAGE_FOLDER)) counts.image += 1;
    else counts.own.push(file);
  }
  return counts;
}
