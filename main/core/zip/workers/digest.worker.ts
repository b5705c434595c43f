// Worker thread of zip-reader.ts: inflates (when compressed) and hashes a batch of entries read
// from a possibly hostile archive. Inflating stops one byte past the size the archive declares,
// so a zip bomb costs at most that much memory and is reported as an overflow.
import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { serveJobs } from './serve-jobs';

export interface DigestPayload {
  buffer: ArrayBuffer;
  items: { offset: number; length: number; method: number; size: number }[];
}

export interface DigestFacts {
  produced: number;
  crc: number;
  sha256?: string;
  error?: string;
}

serveJobs(({ buffer, items }: DigestPayload) => {
  const input = Buffer.from(buffer);
  const result = items.map(({ offset, length, method, size }): DigestFacts => {
    const raw = input.subarray(offset, offset + length);
    let data = raw;
    if (method !== 0) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, size + 1) });
      } catch (error) {
        return {
          produced: 0,
          crc: 0,
          error: error instanceof RangeError ? 'overflow' : String((error as Error).message),
        };
      }
    }
    if (data.length > size) return { produced: data.length, crc: 0, error: 'overflow' };
    return { produced: data.length, crc: crc32(data), sha256: createHash('sha256').update(data).digest('hex') };
  });
  return { result };
});
