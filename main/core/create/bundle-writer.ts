// Writes a signed bundle atomically: a hidden partial file next to the target, filled by the
// caller (project files, samples, generated files), then sealed with SHA256SUMS, the file list, the manifest
// and its signature, and only then renamed into place. Removed on any failure or cancellation;
// a partial left by a killed process is removed by the next write. Used by `create` and `export`.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { CancelledError } from '../errors';
import type { ProgressSink } from '../progress';
import { writeAtomically } from '../files/atomic-write';
import { diskFilledUp } from '../files/free-space';
import { refuseExistingOutput } from '../files/output-target';
import type { SigningKey } from '../signing/keys';
import { formatSignatureFile, signManifest } from '../signing/signature';
import { METHOD_DEFLATE, METHOD_STORE } from '../zip/zip-format';
import { ZipWriter, type EntryInfo } from '../zip/zip-writer';
import { CHECKSUMS_NAME, FILE_LIST_NAME, MANIFEST_NAME, SIGNATURE_NAME } from '../../shared/layout';
import { loadV2, toV2Document, type Manifest, type ManifestFile, type ManifestV2Document } from '../../shared/manifest';
import { FileTableBuilder, type FileTable } from '../../shared/file-table';
import { checksumsLine, fileListFormat } from '../open/file-list';
import { addListEntry } from './list-entry';

const deflateRawAsync = promisify(deflateRaw);

export interface SignedBundleOptions {
  output: string;
  key: SigningKey;
  /** Time stamped on every entry (SOURCE_DATE_EPOCH, or a fixed date for reproducible output). */
  modifiedAt: Date;
  signal?: AbortSignal;
  /** Adds the bundle's files, recording each in `files` (what the manifest lists; SHA256SUMS excluded). */
  fill: (writer: ZipWriter, files: FileTableBuilder) => Promise<void>;
  /** The manifest for the final list of files (sorted, SHA256SUMS included). */
  manifest: (files: FileTable) => Manifest | Promise<Manifest>;
  /** Progress of the sealing (the file lists), as files listed. */
  onProgress?: ProgressSink;
  /** Replace an existing file at `output`; otherwise (the default) refuse it, up front and at the final rename. */
  replace?: boolean;
}

export async function writeSignedBundle(
  options: SignedBundleOptions,
): Promise<{ file: string; bytes: number; manifest: Manifest }> {
  const output = path.resolve(options.output);
  const checkCancelled = (): void => {
    if (options.signal?.aborted === true) throw new CancelledError('Writing the bundle');
  };
  await refuseExistingOutput(output, options.replace ?? false);
  let written = 0;
  const manifest = await writeAtomically(
    output,
    async (partial) => {
      const handle = await open(partial, 'r+');
      const writer = new ZipWriter(handle, options.modifiedAt, `${partial}.central`);
      let sealed: Manifest;
      try {
        const recorded = new FileTableBuilder();
        await options.fill(writer, recorded);
        checkCancelled();
        // Both lists are ~100 MB for a million files: streamed from the table, never built whole.
        // One set of columns throughout: the generated files (added after the project's) and then
        // SHA256SUMS are moved into place within it, where a sorted copy and a copy with
        // SHA256SUMS were ~130 MB more at a million files.
        let listed: FileTable | undefined = recorded.build();
        const listing = (list: string, total: number) => (done: number) =>
          options.onProgress?.({ phase: 'seal', done, total, unit: 'files', message: `Writing ${list}` });
        const checksums = await addListEntry(
          writer,
          CHECKSUMS_NAME,
          listed,
          checksumsLine,
          options.signal,
          listing(CHECKSUMS_NAME, listed.length),
        );
        listed = undefined;
        recorded.reclaim();
        recorded.add(CHECKSUMS_NAME, checksums.size, checksums.sha256, false);
        const files = recorded.build();
        // Format v2: the file list is an entry of its own; the manifest holds its digest.
        const fileList = await addListEntry(
          writer,
          FILE_LIST_NAME,
          files,
          fileListFormat,
          options.signal,
          listing(FILE_LIST_NAME, files.length),
        );
        checkCancelled();
        const document = toV2Document(await options.manifest(files), {
          entry: FILE_LIST_NAME,
          count: files.length,
          sha256: fileList.sha256,
        });
        // What a reader will load from these bytes, whatever version the caller started from.
        sealed = loadV2(document, files);
        const manifestBytes = serializeManifest(document);
        const signature = formatSignatureFile(
          options.key.publicKey,
          signManifest(manifestBytes, options.key.privateKey),
        );
        await addInMemory(writer, MANIFEST_NAME, manifestBytes);
        await addInMemory(writer, SIGNATURE_NAME, Buffer.from(signature, 'utf8'));
        await writer.finish();
      } finally {
        written = writer.bytesWritten;
        await writer.stop(); // after a failure: no write may still be under way when the file closes
        await handle.close();
      }
      checkCancelled();
      return sealed;
    },
    { replace: options.replace ?? false },
  ).catch(async (error: unknown) => {
    // The partial file is gone by now: say what is free without it.
    throw (await diskFilledUp(error, output, written)) ?? error;
  });
  return { file: output, bytes: (await stat(output)).size, manifest };
}

/** Small entries held in memory (generated files, the manifest): deflated when that helps. */
export async function addInMemory(
  writer: ZipWriter,
  name: string,
  data: Buffer,
  executable = false,
): Promise<ManifestFile> {
  const file = describeInMemory(name, data, executable);
  const entry = await compressInMemory(file, data);
  await writer.addEntry(entry.info, entry.data);
  return file;
}

/** What the manifest lists for an entry held in memory. */
function describeInMemory(name: string, data: Buffer, executable = false): ManifestFile {
  return { path: name, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), executable };
}

/** The entry's bytes: deflated (on the thread pool, not this thread) when that makes them smaller. */
async function compressInMemory(file: ManifestFile, data: Buffer): Promise<{ info: EntryInfo; data: Buffer }> {
  const compressed = await deflateRawAsync(data, { level: 6 });
  const deflate = compressed.length < data.length;
  return {
    info: {
      name: file.path,
      executable: file.executable,
      method: deflate ? METHOD_DEFLATE : METHOD_STORE,
      crc32: crc32(data),
      size: data.length,
      compressedSize: deflate ? compressed.length : data.length,
    },
    data: deflate ? compressed : data,
  };
}

/** The manifest's bytes as written: the schema's key order, two-space indent, final newline. */
export function serializeManifest(document: ManifestV2Document): Buffer {
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}
