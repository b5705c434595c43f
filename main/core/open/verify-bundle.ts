// `verify`: a received bundle is valid when its archive is sound, its signature verifies over the
// exact manifest bytes, the archive holds exactly the files the manifest lists (no more, no
// fewer) and every file's size, hash and exec bit match. The signer's trust is assessed
// separately: a valid signature by an unknown key is never reported as trusted.
import { WorkerPool, workerFile } from '../zip/worker-pool';
import { CancelledError } from '../errors';
import { throttle, type ProgressSink } from '../progress';
import { nextTurn, sliceSpent } from '../yield';
import { formatFingerprint } from '../../shared/format';
import { TRUSTED_FOR_THIS_CHECK, YOUR_OWN_KEY, type TrustStore } from '../signing/trust-store';
import type { TrustState } from '../../shared/verification';
import type { ZipReader } from '../zip/zip-reader';
import type { ZipEntries } from '../zip/zip-entries';
import { CHECKSUMS_NAME, unlistedEntries } from '../../shared/layout';
import type { FileTable } from '../../shared/file-table';
import { checksumsLine, listDigest } from './file-list';
import type { Manifest } from '../../shared/manifest';
import { openBundle } from './open-bundle';
import type { VerificationReport } from '../../shared/verification';

export interface VerifyOptions {
  /** Fingerprints trusted for this verification (`--trust`). */
  trust?: readonly string[];
  /** Fingerprints of the user's own signing keys: their bundles are trusted as theirs. */
  ownKeys?: readonly string[];
  /** Where known signers are looked up and, on a valid signature, remembered (trust on first use). */
  trustStore?: TrustStore;
  /**
   * This exact file (by SHA-256) verified completely before and its extraction is reused: the
   * archive, signature, manifest and file list are checked again, each file's hash is not.
   */
  filesVerifiedBefore?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
}

export async function verifyBundle(file: string, options: VerifyOptions = {}): Promise<VerificationReport> {
  // The hashing threads take ~0.1–0.2 s to start: started now, they start while the archive's
  // directory and file list are read and checked, where the hashing waited for them.
  const workers = options.filesVerifiedBefore === true ? undefined : new WorkerPool(workerFile('digest'));
  try {
    return await verifyWith(file, options, workers);
  } finally {
    await workers?.close(); // closed already when the files were hashed; not when verify stopped before
  }
}

async function verifyWith(
  file: string,
  options: VerifyOptions,
  workers: WorkerPool | undefined,
): Promise<VerificationReport> {
  const progress = throttle(options.onProgress);
  progress({ phase: 'open', message: 'Reading the archive and checking the signature' });
  const opened = await openBundle(file, progress);
  if ('rejected' in opened) {
    return {
      file,
      valid: false,
      trusted: false,
      signature: {
        valid: false,
        reason: 'the archive was rejected before the signature could be read',
        signer: null,
        trust: null,
      },
      problems: opened.rejected,
      checked: { files: 0, bytes: 0 },
      manifest: null,
    };
  }
  const { reader, signature, manifest } = opened;
  const problems = [...opened.problems];
  let checked = { files: 0, bytes: 0 };
  try {
    if (manifest !== null)
      checked = await checkFiles(
        manifest,
        reader.entries,
        options.filesVerifiedBefore === true ? undefined : reader,
        problems,
        progress,
        options.signal,
        workers,
      );
  } finally {
    await reader.close();
  }

  const signer =
    manifest === null || signature.fingerprint === null
      ? null
      : {
          name: manifest.signer.name,
          fingerprint: signature.fingerprint,
          fingerprintDisplay: formatFingerprint(signature.fingerprint),
        };
  let trust: TrustState | null = null;
  if (signature.valid && signer !== null && signature.rawPublicKey !== null) {
    trust =
      options.ownKeys?.includes(signer.fingerprint) === true
        ? { state: 'trusted', since: YOUR_OWN_KEY }
        : (options.trustStore?.assess(signer.name, signer.fingerprint, options.trust ?? []) ??
          (options.trust?.includes(signer.fingerprint) === true
            ? { state: 'trusted', since: TRUSTED_FOR_THIS_CHECK }
            : { state: 'unknown' }));
    // Trust on first use: remember a key seen with a valid signature, never as trusted.
    if (
      problems.length === 0 &&
      options.trustStore?.remember(signer.name, signer.fingerprint, signature.rawPublicKey, false) === true
    ) {
      await options.trustStore.save();
    }
  }
  const valid = problems.length === 0 && signature.valid;
  return {
    file,
    valid,
    trusted: valid && trust?.state === 'trusted',
    signature: { valid: signature.valid, reason: signature.reason, signer, trust },
    problems,
    checked,
    manifest,
  };
}

/** How often hashing reports progress (the fronts redraw no faster). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Compares the archive's entries with the file list, and hashes each one when given the reader.
 * Both are sorted columns (the entries' names as bytes, the list's paths as bytes) joined in name
 * order without decoding a name: no map, object or string per file, so a million-file bundle is
 * checked in bounded memory. A writer adds entries nearly sorted already.
 */
async function checkFiles(
  manifest: Manifest,
  entries: ZipEntries,
  reader: ZipReader | undefined,
  problems: string[],
  progress: ProgressSink,
  signal: AbortSignal | undefined,
  /** Digest workers started ahead, handed to the reader. */
  workers: WorkerPool | undefined,
): Promise<{ files: number; bytes: number }> {
  const files = manifest.files;
  const unlisted = new Set([...unlistedEntries(manifest.formatVersion)].map((name) => entries.indexOf(name)));
  // Plain loops that give the thread up every few milliseconds: with 100,000s of files each of
  // these takes tens of milliseconds, which a server answering others cannot wait for. At a
  // million they take seconds together: progress is told at each turn given up.
  const matching = (): void => progress({ phase: 'verify', message: 'Matching the archive with the file list' });
  const giveTurn = async (): Promise<void> => {
    matching();
    await nextTurn();
  };
  let step = 0;
  for (let index = 1; index < files.length; index += 1) {
    if (sliceSpent((step += 1))) await giveTurn();
    if (files.sameAsPrevious(index)) problems.push(`the manifest lists ${files.path(index)} twice`);
  }
  if (manifest.formatVersion >= 2) {
    const problem = await checksumsProblem(files, matching);
    if (problem !== undefined) problems.push(problem);
  }
  const byName = entries.byName();
  /** For each entry, the index of its file in the list (−1: not listed, or not a listed kind). */
  const listedAt = new Int32Array(entries.length).fill(-1);
  const inArchive = new Uint8Array(files.length);
  let row = 0;
  for (const index of byName) {
    if (sliceSpent((step += 1))) await giveTurn();
    if (unlisted.has(index)) continue;
    while (row < files.length && entries.compareNameToRow(index, files, row) > 0) row += 1;
    if (row < files.length && entries.compareNameToRow(index, files, row) === 0) {
      listedAt[index] = row;
      inArchive[row] = 1;
    }
  }
  for (let index = 0; index < entries.length; index += 1) {
    if (sliceSpent((step += 1))) await giveTurn();
    if (listedAt[index] === -1 && !unlisted.has(index))
      problems.push(`${entries.name(index)} is in the archive but not in the manifest (added after signing)`);
  }
  for (let index = 0; index < files.length; index += 1) {
    if (sliceSpent((step += 1))) await giveTurn();
    if (inArchive[index] === 0 && !files.sameAsPrevious(index))
      problems.push(
        `${files.path(index)} is listed in the manifest but missing from the archive (removed after signing)`,
      );
  }
  // In the central directory's order (a writer's is the archive's): problems are reported in
  // it, as a person reads the archive.
  let count = 0;
  let totalBytes = 0;
  for (let index = 0; index < entries.length; index += 1) {
    if ((listedAt[index] as number) < 0) continue;
    count += 1;
    totalBytes += entries.size(index);
  }
  const toCheck = new Uint32Array(count);
  for (let index = 0, at = 0; index < entries.length; index += 1)
    if ((listedAt[index] as number) >= 0) toCheck[at++] = index;
  if (reader === undefined) return { files: toCheck.length, bytes: totalBytes };
  let checked = 0;
  let bytes = 0;
  // Workers answer out of order: problems are sorted back into central-directory order at the end.
  const found: { index: number; problem: string }[] = [];
  // Progress a few times a second and at the end: a message per file was 100,000s of strings.
  let reportedAt = 0;
  const report = (index: number, text: string): number =>
    found.push({ index, problem: `${entries.name(index)}: ${text}` });
  const tell = (done: number, final: boolean): void => {
    const now = Date.now();
    if (now - reportedAt < PROGRESS_INTERVAL_MS && !final) return;
    reportedAt = now;
    progress({
      phase: 'verify',
      done,
      total: totalBytes,
      unit: 'bytes',
      message: `${checked} of ${toCheck.length} files`,
    });
  };
  const stopIfCancelled = (): void => {
    if (signal?.aborted === true) throw new CancelledError('Verifying the bundle');
  };
  /** A large entry's bytes count as they are hashed: one takes seconds. */
  const onLargeData = (_index: number, partial: number): void => {
    stopIfCancelled();
    tell(bytes + partial, false);
  };
  await reader.digestEntries(
    toCheck,
    (index, digests, at, problem) => {
      stopIfCancelled();
      const row = listedAt[index] as number;
      const size = entries.size(index);
      if (problem !== undefined) report(index, problem);
      else if (size !== files.size(row)) report(index, `${size} bytes where the manifest says ${files.size(row)}`);
      else if (!files.digestIs(row, digests, at))
        report(
          index,
          `content changed after signing (SHA-256 ${Buffer.from(digests.subarray(at, at + 32))
            .toString('hex')
            .slice(0, 12)}…, manifest ${files.sha256(row).slice(0, 12)}…)`,
        );
      if (entries.executable(index) !== files.executable(row)) report(index, 'exec bit differs from the manifest');
      checked += 1;
      bytes += size;
      tell(bytes, checked === toCheck.length);
    },
    onLargeData,
    workers,
  );
  problems.push(...found.sort((a, b) => a.index - b.index).map((entry) => entry.problem));
  return { files: checked, bytes };
}

/**
 * SHA256SUMS is what reviewers check a bundle's files with by hand (`sha256sum --check`), so it
 * must say what the signed file list says: a writer makes it from the list (every file but itself,
 * in the list's order, `<sha256>  <path>`), and its SHA-256 in the list, which hashing the entry
 * checks against its bytes, must be that text's. Checked from the list alone: the entry is never
 * inflated for it. Format v1 bundles, from earlier versions, keep verifying as they did.
 */
async function checksumsProblem(files: FileTable, onChunk: () => void): Promise<string | undefined> {
  const row = files.indexOf(CHECKSUMS_NAME);
  if (row < 0) return `the manifest does not list ${CHECKSUMS_NAME}, which every bundle holds`;
  if ((await listDigest(files, checksumsLine, row, onChunk)) === files.sha256(row)) return undefined;
  return `${CHECKSUMS_NAME} does not list the files the manifest lists, with their SHA-256, in its order (a \`sha256sum --check\` by hand would check other files or digests)`;
}
