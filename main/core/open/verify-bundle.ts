// `verify`: a received bundle is valid when its archive is sound, its signature verifies over the
// exact manifest bytes, the archive holds exactly the files the manifest lists (no more, no
// fewer) and every file's size, hash and exec bit match. The signer's trust is assessed
// separately: a valid signature by an unknown key is never reported as trusted.
import { CancelledError } from '../errors';
import { throttle, type ProgressSink } from '../progress';
import { nextTurn, sliceSpent } from '../yield';
import { formatFingerprint } from '../../shared/format';
import { TRUSTED_FOR_THIS_CHECK, YOUR_OWN_KEY, type TrustStore } from '../signing/trust-store';
import type { TrustState } from '../../shared/verification';
import type { ZipEntry, ZipReader } from '../zip/zip-reader';
import { unlistedEntries } from '../../shared/layout';
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
  const progress = throttle(options.onProgress);
  progress({ phase: 'open', message: 'Reading the archive and checking the signature' });
  const opened = await openBundle(file);
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

/** Compares the archive's entries with the file list, and hashes each one when given the reader. */
async function checkFiles(
  manifest: Manifest,
  entries: readonly ZipEntry[],
  reader: ZipReader | undefined,
  problems: string[],
  progress: ProgressSink,
  signal: AbortSignal | undefined,
): Promise<{ files: number; bytes: number }> {
  const unlisted = unlistedEntries(manifest.formatVersion);
  // Plain loops that give the thread up every few milliseconds: with 100,000s of files each of
  // these takes tens of milliseconds, which a server answering others cannot wait for.
  let step = 0;
  const listed = new Map<string, Manifest['files'][number]>();
  for (const file of manifest.files) {
    if (sliceSpent((step += 1))) await nextTurn();
    if (listed.has(file.path)) problems.push(`the manifest lists ${file.path} twice`);
    listed.set(file.path, file);
  }
  const present = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (sliceSpent((step += 1))) await nextTurn();
    if (!unlisted.has(entry.name)) present.set(entry.name, entry);
  }
  const toCheck: ZipEntry[] = [];
  for (const [name, entry] of present) {
    if (sliceSpent((step += 1))) await nextTurn();
    if (listed.has(name)) toCheck.push(entry);
    else problems.push(`${name} is in the archive but not in the manifest (added after signing)`);
  }
  for (const name of listed.keys()) {
    if (sliceSpent((step += 1))) await nextTurn();
    if (!present.has(name))
      problems.push(`${name} is listed in the manifest but missing from the archive (removed after signing)`);
  }
  // A writer stores entries in offset order already; sort only an archive that does not.
  if (toCheck.some((entry, index) => index > 0 && entry.offset < (toCheck[index - 1] as ZipEntry).offset))
    toCheck.sort((a, b) => a.offset - b.offset);
  const order = new Map<string, number>();
  let totalBytes = 0;
  for (const [index, entry] of toCheck.entries()) {
    if (sliceSpent((step += 1))) await nextTurn();
    order.set(entry.name, index);
    totalBytes += entry.size;
  }
  if (reader === undefined) return { files: toCheck.length, bytes: totalBytes };
  let files = 0;
  let bytes = 0;
  // Workers answer out of order; problems are reported in archive order, as a person reads the archive.
  const found: { index: number; problem: string }[] = [];
  await reader.digestEntries(toCheck, (entry, sha256, problem) => {
    if (signal?.aborted === true) throw new CancelledError('Verifying the bundle');
    const expected = listed.get(entry.name) as Manifest['files'][number];
    const report = (text: string): number =>
      found.push({ index: order.get(entry.name) ?? 0, problem: `${entry.name}: ${text}` });
    if (problem !== undefined) report(problem);
    else if (entry.size !== expected.size) report(`${entry.size} bytes where the manifest says ${expected.size}`);
    else if (sha256 !== expected.sha256)
      report(
        `content changed after signing (SHA-256 ${sha256.slice(0, 12)}…, manifest ${expected.sha256.slice(0, 12)}…)`,
      );
    if (entry.executable !== expected.executable) report('exec bit differs from the manifest');
    files += 1;
    bytes += entry.size;
    progress({
      phase: 'verify',
      done: bytes,
      total: totalBytes,
      unit: 'bytes',
      message: `${files} of ${toCheck.length} files`,
    });
  });
  problems.push(...found.sort((a, b) => a.index - b.index).map((entry) => entry.problem));
  return { files, bytes };
}
