// Opens a received bundle without trusting it: the archive structure (zip-reader), then the
// signature over the exact manifest bytes, and only then the manifest parsed from those bytes.
// Shared by verify (which goes on to hash every file) and inspect (which does not).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ReproError } from '../errors';
import { errorMessage } from '../../shared/error-text';
import { fingerprintOf } from '../signing/fingerprint';
import { parseSignatureFile, verifyManifestSignature } from '../signing/signature';
import { ZipReader, ZipRejectedError } from '../zip/zip-reader';
import { nextTurn } from '../yield';
import type { ProgressSink } from '../progress';
import {
  FILE_LIST_NAME,
  MANIFEST_NAME,
  MAX_MANIFEST_BYTES,
  MAX_SIGNATURE_BYTES,
  SIGNATURE_NAME,
} from '../../shared/layout';
import {
  loadV2,
  manifestV1DocumentSchema,
  manifestV2DocumentSchema,
  upgradeV1,
  type Manifest,
  type ManifestV1Document,
  type ManifestV2Document,
} from '../../shared/manifest';
import { FileListParser, MAX_FILE_LIST_BYTES } from './file-list';
import { frozenImageProblem } from '../../shared/frozen-image';

export interface SignatureCheck {
  valid: boolean;
  /** Why it is not valid. */
  reason: string | null;
  /** The key that signed, from bundle.sig (present even when the signature is invalid). */
  fingerprint: string | null;
  rawPublicKey: Buffer | null;
}

export interface OpenedBundle {
  reader: ZipReader;
  signature: SignatureCheck;
  /** Parsed only from bytes whose signature verified; otherwise null. */
  manifest: Manifest | null;
  /** The manifest parsed although its signature failed (inspect only; never trusted). */
  unverifiedManifest: Manifest | null;
  problems: string[];
}

/**
 * Opens and checks structure and signature. Throws a ReproError for I/O failures (exit 2);
 * a hostile or damaged archive is not thrown but reported through `problems`, with no reader.
 */
export async function openBundle(
  file: string,
  /** Hears the records and file-list lines read (phase `open`): seconds for a million files. */
  onProgress?: ProgressSink,
): Promise<OpenedBundle | { rejected: string[] }> {
  let reader: ZipReader;
  try {
    reader = await ZipReader.open(file, undefined, (done, total, stage) =>
      onProgress?.({
        phase: 'open',
        done,
        total,
        unit: 'files',
        message: stage === 'reading' ? "Reading the archive's directory" : "Checking the archive's names",
      }),
    );
  } catch (error) {
    if (error instanceof ZipRejectedError) return { rejected: [...error.problems] };
    if ((error as { code?: string }).code === 'ENOENT' || (error as { code?: string }).code === 'EISDIR') {
      throw new ReproError({
        code: 'bundle-missing',
        kind: 'usage',
        message: `${file} does not exist or is not a file.`,
        fix: 'Check the path.',
        file,
        cause: error,
      });
    }
    throw new ReproError({
      code: 'bundle-unreadable',
      kind: 'usage',
      message: `${file} cannot be read: ${errorMessage(error)}`,
      fix: 'Check the path and permissions.',
      file,
      cause: error,
    });
  }

  const problems: string[] = [];
  const manifestEntry = reader.find(MANIFEST_NAME);
  const signatureEntry = reader.find(SIGNATURE_NAME);
  if (manifestEntry === undefined) problems.push(`${MANIFEST_NAME} is missing: this is not a ReproBundle bundle`);
  if (signatureEntry === undefined) problems.push(`${SIGNATURE_NAME} is missing: the bundle is not signed`);
  const signature: SignatureCheck = { valid: false, reason: 'not checked', fingerprint: null, rawPublicKey: null };
  if (manifestEntry === undefined || signatureEntry === undefined) {
    signature.reason = problems.join('; ');
    return { reader, signature, manifest: null, unverifiedManifest: null, problems };
  }

  let manifestBytes: Buffer;
  let signatureText: string;
  try {
    manifestBytes = await reader.readWhole(manifestEntry, MAX_MANIFEST_BYTES);
    signatureText = (await reader.readWhole(signatureEntry, MAX_SIGNATURE_BYTES)).toString('utf8');
  } catch (error) {
    const reason = error instanceof ZipRejectedError ? error.problems.join('; ') : errorMessage(error);
    problems.push(reason);
    signature.reason = reason;
    return { reader, signature, manifest: null, unverifiedManifest: null, problems };
  }

  const parsed = parseSignatureFile(signatureText);
  if (typeof parsed === 'string') {
    signature.reason = parsed;
  } else {
    signature.fingerprint = fingerprintOf(parsed.rawPublicKey);
    signature.rawPublicKey = parsed.rawPublicKey;
    if (verifyManifestSignature(manifestBytes, parsed)) {
      signature.valid = true;
      signature.reason = null;
    } else {
      signature.reason =
        'the signature does not match the manifest: bundle.json was changed after signing, or signed with another key';
    }
  }

  const decoded = parseManifest(manifestBytes);
  const manifest =
    typeof decoded === 'string'
      ? decoded
      : decoded.formatVersion === 1
        ? upgradeV1(decoded)
        : await readFileList(reader, decoded, onProgress);
  if (!signature.valid) {
    problems.push(`signature invalid: ${signature.reason ?? ''}`);
    return {
      reader,
      signature,
      manifest: null,
      unverifiedManifest: typeof manifest === 'string' ? null : manifest,
      problems,
    };
  }
  if (typeof manifest === 'string') {
    problems.push(manifest);
    return { reader, signature, manifest: null, unverifiedManifest: null, problems };
  }
  if (
    manifest.signer.fingerprint !== signature.fingerprint ||
    manifest.signer.publicKey !== signature.rawPublicKey?.toString('base64')
  ) {
    problems.push('the manifest names a different signer key than the one that signed it');
  }
  return { reader, signature, manifest, unverifiedManifest: null, problems };
}

/** Lists up to this size are read whole (then parsed in slices); larger ones are streamed. */
const WHOLE_LIST_BYTES = 4 * 1024 * 1024;
/** ~2,500 lines: a few milliseconds of parsing. */
const LIST_SLICE_BYTES = 256 * 1024;

/**
 * Format v2: the file list, checked against the digest and count the signed manifest holds
 * before a line of it is believed.
 */
async function readFileList(
  reader: ZipReader,
  document: ManifestV2Document,
  onProgress: ProgressSink | undefined,
): Promise<Manifest | string> {
  const entry = reader.find(FILE_LIST_NAME);
  if (entry === undefined) return `${FILE_LIST_NAME} is missing: the manifest's file list is not in the archive`;
  if (entry.size > MAX_FILE_LIST_BYTES)
    return `${FILE_LIST_NAME} is ${entry.size} bytes; at most ${MAX_FILE_LIST_BYTES} are accepted`;
  // Hashed and parsed a chunk at a time, never held whole; a small list is read at once and
  // parsed in slices, so a server answering others gets a turn every few milliseconds.
  const hash = createHash('sha256');
  // Room for the lines the signed manifest says, but no more than the archive has entries.
  const lines = Math.min(document.fileList.count, reader.entries.length);
  const parser = new FileListParser(FILE_LIST_NAME, { lines, bytes: entry.size });
  const feed = (chunk: Buffer): void => {
    hash.update(chunk);
    parser.push(chunk);
    onProgress?.({
      phase: 'open',
      done: parser.count,
      total: document.fileList.count,
      unit: 'files',
      message: 'Reading the file list',
    });
  };
  let damaged: string | undefined;
  try {
    if (entry.size <= WHOLE_LIST_BYTES) {
      const bytes = await reader.readWhole(entry, WHOLE_LIST_BYTES);
      for (let at = 0; at < bytes.length; at += LIST_SLICE_BYTES) {
        feed(bytes.subarray(at, at + LIST_SLICE_BYTES));
        await nextTurn();
      }
    } else
      await reader.readEntries([entry.index], {
        data: (_entry, chunk) => feed(chunk),
        end: (_entry, problem) => (damaged = problem),
      });
  } catch (error) {
    return error instanceof ZipRejectedError ? error.problems.join('; ') : errorMessage(error);
  }
  if (damaged !== undefined) return `${FILE_LIST_NAME}: ${damaged}`;
  // A list changed after signing is named as such before any of its lines is judged.
  if (hash.digest('hex') !== document.fileList.sha256)
    return `${FILE_LIST_NAME} was changed after signing (its SHA-256 is not the one the manifest holds)`;
  const files = parser.finish();
  if (typeof files === 'string') return files;
  if (files.length !== document.fileList.count)
    return `${FILE_LIST_NAME} lists ${files.length} files where the manifest says ${document.fileList.count}`;
  const problem = document.image === null ? undefined : frozenImageProblem(document.image, files);
  return problem ?? loadV2(document, files);
}

function parseManifest(bytes: Buffer): ManifestV1Document | ManifestV2Document | string {
  let json: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    json = JSON.parse(text);
  } catch (error) {
    return `${MANIFEST_NAME} is not valid JSON: ${errorMessage(error)}`;
  }
  // The format fixes the bytes (docs/FORMAT.md): two-space JSON and a final newline. A manifest
  // that differs, e.g. with a key given twice (which tools read differently: first or last), is
  // not one a ReproBundle writer made, and is refused rather than read one way here.
  if (`${JSON.stringify(json, null, 2)}\n` !== text)
    return `${MANIFEST_NAME} is not in the format's exact form (a key given twice, or other spacing or escapes)`;
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  const schema = version === 1 ? manifestV1DocumentSchema : version === 2 ? manifestV2DocumentSchema : undefined;
  if (schema === undefined)
    return `${MANIFEST_NAME} is format version ${JSON.stringify(version)}; this version of ReproBundle reads versions 1 and 2 (a newer ReproBundle may read it)`;
  const result = schema.safeParse(json);
  return result.success
    ? result.data
    : `${MANIFEST_NAME} does not follow the format: ${z.prettifyError(result.error).split('\n').slice(0, 6).join('; ')}`;
}
