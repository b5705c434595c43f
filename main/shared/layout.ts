// Names inside a bundle archive (docs/FORMAT.md): the signed manifest, the signature, the
// checksum list for `sha256sum -c`, and the project's files under project/.
export const MANIFEST_NAME = 'bundle.json';
export const SIGNATURE_NAME = 'bundle.sig';
export const CHECKSUMS_NAME = 'SHA256SUMS';
export const PROJECT_PREFIX = 'project/';
/** Synthetic samples: `samples/<dataset path>` and `samples/<dataset path>.report.json`. */
export const SAMPLES_PREFIX = 'samples/';
/** Generated at create time so a bundle can be replayed by hand with docker (README.md says how). */
export const DOCKERFILE_NAME = 'Dockerfile';
export const DOCKERIGNORE_NAME = '.dockerignore';
export const README_NAME = 'README.md';

/** Entries the manifest does not list (it cannot list itself, nor the signature over it). */
export const UNLISTED_ENTRIES: ReadonlySet<string> = new Set([MANIFEST_NAME, SIGNATURE_NAME]);

/** Generous, but a manifest is metadata: anything larger is an attack on the reader. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
export const MAX_SIGNATURE_BYTES = 64 * 1024;

export const BUNDLE_EXTENSION = '.rbundle';
