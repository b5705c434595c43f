// Feeds project files into a ZipWriter as fast as the machine allows while reading each byte
// once: small files are read, hashed and compressed in batches on worker threads (both cores),
// then written in order; large files are streamed in 1 MiB chunks compressed in
// parallel pigz-style (each chunk primed with the previous 32 KiB and ended on a sync flush, so
// the concatenation is one valid deflate stream). Data that does not compress is stored. The
// SHA-256 recorded in the manifest and the ZIP CRC are computed on the same buffers.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { constants as zlibConstants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';
import { CancelledError, ReproError } from '../errors';
import { METHOD_DEFLATE, METHOD_STORE } from './zip-format';
import { SmallFileChanged, SmallFileReader, type ReadSmallFile } from './small-file-reader';
import type { EntryInfo, ZipWriter } from './zip-writer';
import { FileTableBuilder } from '../../shared/file-table';

export interface FileToArchive {
  /** Name inside the archive. */
  name: string;
  /** Absolute path on disk. */
  source: string;
  /** Size when the project was scanned; a file that changed since is an error. */
  size: number;
  executable: boolean;
}

export interface ArchiveOptions {
  signal?: AbortSignal;
  /** Called after each file with the running totals, and as a large file's chunks are read (their bytes counted). */
  onFile?: (filesDone: number, bytesDone: number) => void;
  /**
   * Sees each file's bytes as they pass, in order (a small file whole, a large file chunk by
   * chunk; `last` on its final chunk), so content checks need no second read.
   */
  inspect?: (file: FileToArchive, chunk: Buffer, last: boolean) => void;
  /** Where the archived files are recorded (a bundle's whole list is built in one); a new one by default. */
  into?: FileTableBuilder;
}

/** Files up to this size are read whole; larger ones are streamed. */
export const SMALL_FILE_LIMIT = 4 * 1024 * 1024;
const CHUNK_SIZE = 1024 * 1024;
const DICTIONARY_SIZE = 32 * 1024;
/** Deep enough that every worker always has batches queued while the main thread writes. */
const MAX_FILES_IN_FLIGHT = 512;
const MAX_BYTES_IN_FLIGHT = 16 * 1024 * 1024;
const MAX_CHUNKS_IN_FLIGHT = 4;
/** Most files (and compressed bytes) written to the archive in one batch. */
const BATCH_ENTRIES = 128;
const BATCH_BYTES = 1024 * 1024;
/** Same level as `zip`'s default, so bundle sizes compare with zip's. */
const LEVEL = 6;
/** Deflate must save at least this share of the bytes, or the data is stored. */
const MIN_SAVING = 0.03;

/** Formats that are already compressed: deflating them again costs CPU and saves nothing. */
const COMPRESSED_EXTENSIONS = new Set([
  '.zip',
  '.gz',
  '.tgz',
  '.bz2',
  '.xz',
  '.zst',
  '.7z',
  '.rar',
  '.lz4',
  '.br',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.avif',
  '.heic',
  '.mp3',
  '.mp4',
  '.m4a',
  '.mkv',
  '.avi',
  '.mov',
  '.webm',
  '.ogg',
  '.flac',
  '.opus',
  '.whl',
  '.jar',
  '.parquet',
  '.npz',
  '.rbundle',
  '.docx',
  '.xlsx',
  '.pptx',
  '.pdf',
]);

/**
 * Archives the files in the order given (an iterable, so a caller need not hold an object per
 * file) and records each one's name, size, SHA-256 and exec bit in the returned table builder.
 */
export async function archiveFiles(
  writer: ZipWriter,
  files: Iterable<FileToArchive>,
  options: ArchiveOptions = {},
): Promise<FileTableBuilder> {
  const results = options.into ?? new FileTableBuilder();
  let filesDone = 0;
  let bytesDone = 0;
  const record = (file: FileToArchive, size: number, sha256: Buffer): void => {
    results.add(file.name, size, sha256, file.executable);
    filesDone += 1;
    bytesDone += size;
    options.onFile?.(filesDone, bytesDone);
  };
  // Small files being read on the workers, in archive order.
  const pending: PreparedSmall[] = [];
  const reader = new SmallFileReader(LEVEL, MIN_SAVING, options.inspect !== undefined);
  let bytesInFlight = 0;
  // Writes the oldest pending file and every one after it that is read already, as one batch (one
  // turn of archiver's queue for many tiny files). Contents are inspected here, in archive order.
  const writeHead = async (): Promise<void> => {
    reader.flush();
    await (pending[0] as PreparedSmall).entry;
    const batch: PreparedSmall[] = [];
    let batchBytes = 0;
    while (batch.length < BATCH_ENTRIES && batchBytes < BATCH_BYTES) {
      const next = pending[0];
      if (next?.read === undefined) break;
      batch.push(pending.shift() as PreparedSmall);
      batchBytes += next.read.data.length;
      bytesInFlight -= next.file.size;
    }
    for (const { file, read } of batch) options.inspect?.(file, (read as ReadSmallFile).content, true);
    await writer.addEntries(batch.map(({ file, read }) => compressedEntry(file, read as ReadSmallFile)));
    for (const { file, read } of batch) record(file, file.size, (read as ReadSmallFile).sha256);
  };

  try {
    for (const file of files) {
      if (options.signal?.aborted === true) throw new CancelledError('Writing the bundle');
      if (file.size > SMALL_FILE_LIMIT) {
        while (pending.length > 0) await writeHead();
        // A large file takes seconds: its bytes are counted as they are read.
        const large = await streamLarge(writer, file, options, (read) => options.onFile?.(filesDone, bytesDone + read));
        record(file, large.size, large.sha256);
        continue;
      }
      while (
        pending.length >= MAX_FILES_IN_FLIGHT ||
        (pending.length > 0 && bytesInFlight + file.size > MAX_BYTES_IN_FLIGHT)
      ) {
        await writeHead();
      }
      pending.push(prepareSmall(file, reader));
      bytesInFlight += file.size;
    }
    while (pending.length > 0) await writeHead();
  } finally {
    await reader.close();
  }
  return results;
}

interface CompressedEntry {
  info: EntryInfo;
  data: Buffer;
}

interface PreparedSmall {
  file: FileToArchive;
  entry: Promise<ReadSmallFile>;
  /** Set as soon as the file is read (before any await on `entry` resumes). */
  read?: ReadSmallFile;
}

/** Hands a small file to the workers; a file that is not as scanned fails when its turn comes. */
function prepareSmall(file: FileToArchive, reader: SmallFileReader): PreparedSmall {
  const prepared: PreparedSmall = {
    file,
    entry: reader.read(file, !isKnownCompressed(file.name)).then(
      (read) => (prepared.read = read),
      (error: unknown) => {
        if (error instanceof SmallFileChanged) checkUnchanged(file, error.found);
        throw error;
      },
    ),
  };
  prepared.entry.catch(() => undefined); // surfaced when written, in order
  return prepared;
}

function compressedEntry(file: FileToArchive, read: ReadSmallFile): CompressedEntry {
  return {
    info: {
      name: file.name,
      executable: file.executable,
      crc32: read.crc32,
      size: file.size,
      method: read.method === 8 ? METHOD_DEFLATE : METHOD_STORE,
      compressedSize: read.data.length,
    },
    data: read.data,
  };
}

async function streamLarge(
  writer: ZipWriter,
  file: FileToArchive,
  options: ArchiveOptions,
  /** The file's bytes read so far, after each chunk. */
  onRead: (bytes: number) => void,
): Promise<{ size: number; sha256: Buffer }> {
  const signal = options.signal;
  const handle = await open(file.source, 'r');
  try {
    const hash = createHash('sha256');
    let crc = 0;
    let bytesRead = 0;
    let previous: Buffer | undefined;

    const readChunk = async (): Promise<Buffer | undefined> => {
      const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
      let filled = 0;
      while (filled < CHUNK_SIZE) {
        const { bytesRead: got } = await handle.read(buffer, filled, CHUNK_SIZE - filled, bytesRead + filled);
        if (got === 0) break;
        filled += got;
      }
      if (filled === 0) return undefined;
      const chunk = buffer.subarray(0, filled);
      bytesRead += filled;
      hash.update(chunk);
      crc = crc32(chunk, crc);
      // A file that changed size is refused below (checkUnchanged), so its scanned size marks the end.
      options.inspect?.(file, chunk, bytesRead >= file.size);
      onRead(bytesRead);
      return chunk;
    };
    const compressChunk = (chunk: Buffer, last: boolean): Promise<Buffer> => {
      const compressed = deflateChunk(chunk, previous, last);
      previous = chunk;
      return compressed;
    };

    let chunk = await readChunk();
    let following = chunk === undefined ? undefined : await readChunk();
    // Decide the method on the first chunk: deflate it and see whether it saved enough.
    let method: 0 | 8 = METHOD_STORE;
    let firstCompressed: Buffer | undefined;
    if (chunk !== undefined && !isKnownCompressed(file.name)) {
      firstCompressed = await compressChunk(chunk, following === undefined);
      if (firstCompressed.length <= chunk.length * (1 - MIN_SAVING)) method = METHOD_DEFLATE;
    }
    await writer.beginStreamedEntry(file.name, file.executable, method, file.size);
    let compressedSize = 0;
    const emit = async (data: Buffer): Promise<void> => {
      compressedSize += data.length;
      await writer.writeStreamedData(data);
    };

    if (method === METHOD_STORE) {
      while (chunk !== undefined) {
        if (signal?.aborted === true) throw new CancelledError('Writing the bundle');
        await emit(chunk);
        chunk = following;
        following = chunk === undefined ? undefined : await readChunk();
      }
    } else {
      const inFlight: Promise<Buffer>[] = [Promise.resolve(firstCompressed as Buffer)];
      chunk = following;
      while (chunk !== undefined || inFlight.length > 0) {
        if (signal?.aborted === true) throw new CancelledError('Writing the bundle');
        while (chunk !== undefined && inFlight.length < MAX_CHUNKS_IN_FLIGHT) {
          const after = await readChunk();
          inFlight.push(compressChunk(chunk, after === undefined));
          chunk = after;
        }
        await emit(await (inFlight.shift() as Promise<Buffer>));
      }
    }
    checkUnchanged(file, bytesRead);
    await writer.endStreamedEntry(crc, compressedSize);
    return { size: bytesRead, sha256: hash.digest() };
  } finally {
    await handle.close();
  }
}

/**
 * One chunk of a stream deflated on its own, so chunks can be compressed in parallel (on the
 * thread pool) pigz-style: primed with the end of the chunk before it as dictionary, and
 * sync-flushed unless it is the last, so the outputs concatenate into one valid deflate stream.
 */
export function deflateChunk(chunk: Buffer, previous: Buffer | undefined, last: boolean): Promise<Buffer> {
  const options: ZlibOptions = {
    level: LEVEL,
    finishFlush: last ? zlibConstants.Z_FINISH : zlibConstants.Z_SYNC_FLUSH,
  };
  if (previous !== undefined) options.dictionary = previous.subarray(Math.max(0, previous.length - DICTIONARY_SIZE));
  return deflate(chunk, options);
}

function checkUnchanged(file: FileToArchive, size: number): void {
  if (size !== file.size) {
    throw new ReproError({
      code: 'file-changed',
      message: `${file.source} changed while the bundle was being written (${file.size} bytes when scanned, ${size} now).`,
      fix: 'Stop whatever is writing to the project folder (a training run, a sync client), then create the bundle again.',
      file: file.source,
    });
  }
}

function isKnownCompressed(name: string): boolean {
  return COMPRESSED_EXTENSIONS.has(path.posix.extname(name).toLowerCase());
}

function deflate(data: Buffer, options: ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    deflateRaw(data, options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}
