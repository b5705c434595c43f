// Writes a list with one line per file (SHA256SUMS, FILES) as one deflated entry streamed from the
// file table a chunk at a time, hashed and CRC-checked as it goes: a million files' lists (~100 MB
// each) were built whole in memory, twice over with their compressed copies, at create's peak.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { CancelledError } from '../errors';
import type { FileTable } from '../../shared/file-table';
import { METHOD_DEFLATE } from '../zip/zip-format';
import type { ZipWriter } from '../zip/zip-writer';
import { deflateChunk } from '../zip/archive-files';
import type { LineFormat } from '../open/file-list';

const CHUNK = 1024 * 1024;
/** Chunks being deflated at once: enough to keep every core busy. */
const MAX_CHUNKS_IN_FLIGHT = 4;
const RING = MAX_CHUNKS_IN_FLIGHT + 2;

/** What the entry holds: its size and SHA-256. */
export interface ListEntry {
  size: number;
  sha256: string;
}

export async function addListEntry(
  writer: ZipWriter,
  name: string,
  files: FileTable,
  format: LineFormat,
  signal?: AbortSignal,
  /** Called after each chunk with the lines written so far (a million lines take seconds). */
  onLines?: (written: number) => void,
): Promise<ListEntry> {
  let size = 0;
  for (let index = 0; index < files.length; index += 1) size += format.length(files, index);
  await writer.beginStreamedEntry(name, false, METHOD_DEFLATE, size);
  const hash = createHash('sha256');
  let crc = 0;
  let compressed = 0;
  // Chunks are deflated in parallel on the thread pool, pigz-style (archive-files.ts), a few at
  // a time, and written in order: one deflate stream took 160 ms per 100,000 lines here, one
  // list after the other.
  const inFlight: Promise<Buffer>[] = [];
  const writeOldest = async (): Promise<void> => {
    const output = await (inFlight.shift() as Promise<Buffer>);
    compressed += output.length;
    await writer.writeStreamedData(output);
  };
  let previous: Buffer | undefined;
  // Chunk buffers in turn rather than a fresh megabyte per chunk (hundreds of them waited for a
  // collection at the end of a million-file create). A buffer is filled again RING sends later:
  // by then at most MAX_CHUNKS_IN_FLIGHT − 1 later chunks are still deflating, so both its own
  // deflate and the next chunk's (which reads it as its dictionary) have finished.
  const ring = Array.from({ length: RING }, () => Buffer.allocUnsafe(CHUNK));
  let turn = 0;
  let chunk = ring[0] as Buffer;
  let used = 0;
  const send = async (last: boolean): Promise<void> => {
    const data = chunk.subarray(0, used);
    hash.update(data);
    crc = crc32(data, crc);
    const deflating = deflateChunk(data, previous, last);
    deflating.catch(() => undefined); // awaited in order by writeOldest
    inFlight.push(deflating);
    previous = data;
    turn = (turn + 1) % RING;
    chunk = ring[turn] as Buffer;
    used = 0;
    while (inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await writeOldest();
    if (signal?.aborted === true) throw new CancelledError('Writing the bundle');
  };
  // On a failure, what is still deflating is left to finish (each is observed); nothing waits for it.
  for (let index = 0; index < files.length; index += 1) {
    // A line is at most ~12 KiB (paths are at most 4,096 characters): it always fits a chunk.
    if (used + format.length(files, index) > CHUNK) {
      await send(false);
      onLines?.(index);
    }
    used = format.write(files, index, chunk, used);
  }
  await send(true); // the last chunk (possibly empty) ends the stream
  while (inFlight.length > 0) await writeOldest();
  await writer.endStreamedEntry(crc >>> 0, compressed);
  return { size, sha256: hash.digest('hex') };
}
