// Writes a list with one line per file (SHA256SUMS, FILES) as one deflated entry streamed from the
// file table a chunk at a time, hashed and CRC-checked as it goes: a million files' lists (~100 MB
// each) were built whole in memory, twice over with their compressed copies, at create's peak.
import { createHash } from 'node:crypto';
import { crc32, createDeflateRaw } from 'node:zlib';
import { CancelledError } from '../errors';
import type { FileTable } from '../../shared/file-table';
import { METHOD_DEFLATE } from '../zip/zip-format';
import type { ZipWriter } from '../zip/zip-writer';
import { writeHex, type LineFormat } from '../open/file-list';

const CHUNK = 1024 * 1024;

/** `<sha256>  <path>`: what `sha256sum -c` reads. */
export const checksumsLine: LineFormat = {
  length: (files, index) => 64 + 2 + files.pathBytes(index).length + 1,
  write: (files, index, out, at) => {
    let end = writeHex(files.digestBytes(index), out, at);
    end += out.write('  ', end, 'latin1');
    out.set(files.pathBytes(index), end);
    end += files.pathBytes(index).length;
    out[end] = 0x0a;
    return end + 1;
  },
};

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
  const deflate = createDeflateRaw({ level: 6, chunkSize: 256 * 1024 });
  let crc = 0;
  let compressed = 0;
  // The compressed bytes go to the archive as deflate gives them; a failure there stops the writing loop.
  const draining = (async () => {
    for await (const output of deflate as AsyncIterable<Buffer>) {
      compressed += output.length;
      await writer.writeStreamedData(output);
    }
  })();
  draining.catch(() => undefined); // raced below and awaited at the end
  try {
    // Two chunks in turn: one is filled with lines while deflate compresses the other, and a
    // chunk is filled again only once deflate is done with it (a fresh megabyte per chunk left
    // ~200 MB of buffers waiting for collection at the end of a million-file create).
    const chunks = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    const released: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
    let current = 0;
    let used = 0;
    const flush = async (): Promise<void> => {
      if (used === 0) return;
      const data = (chunks[current] as Buffer).subarray(0, used);
      hash.update(data);
      crc = crc32(data, crc);
      released[current] = new Promise<void>((resolve, reject) =>
        deflate.write(data, (error) => (error === undefined || error === null ? resolve() : reject(error))),
      );
      current = 1 - current;
      used = 0;
      await Promise.race([released[current], draining]);
      if (signal?.aborted === true) throw new CancelledError('Writing the bundle');
    };
    for (let index = 0; index < files.length; index += 1) {
      // A line is at most ~12 KiB (paths are at most 4,096 characters): it always fits a chunk.
      if (used + format.length(files, index) > CHUNK) {
        await flush();
        onLines?.(index);
      }
      used = format.write(files, index, chunks[current] as Buffer, used);
    }
    await flush();
    deflate.end();
    await draining;
  } catch (error) {
    deflate.destroy();
    throw error;
  }
  await writer.endStreamedEntry(crc >>> 0, compressed);
  return { size, sha256: hash.digest('hex') };
}
