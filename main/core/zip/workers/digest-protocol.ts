// What zip-reader.ts and its digest worker (digest.worker.ts) send each other: typed arrays,
// transferred, never an object or a string per entry.

/** Numbers per item in `DigestPayload.items`: offset in `buffer`, length, method, declared size. */
export const DIGEST_ITEM_FIELDS = 4;

/**
 * A batch: `count` items' compressed bytes in `buffer`, their fields in `items`, and the arrays
 * the answer is written into (room for at least `count` items each). Everything travels both
 * ways, transferred, and the reader sends the same arrays again with later batches: a batch's
 * worth of new ArrayBuffers each time were ~200 MB of garbage over a million entries, which
 * the allocator held as ~20 MB more at verify's peak.
 */
export interface DigestPayload {
  count: number;
  buffer: ArrayBuffer;
  items: Float64Array;
  answer: DigestAnswer;
}

/** What reading each item showed: bytes produced, CRC-32, SHA-256 (32 bytes each), and errors by item. */
export interface DigestAnswer {
  produced: Float64Array;
  crcs: Uint32Array;
  digests: Uint8Array;
  /** `'overflow'`, or zlib's message; absent when every item inflated within its size. */
  errors?: Record<number, string>;
}

/** The ArrayBuffers a batch transfers, both ways (the worker sends it back with the answer filled in). */
export function digestTransfers(batch: DigestPayload): ArrayBuffer[] {
  const { answer } = batch;
  return [
    batch.buffer,
    batch.items.buffer,
    answer.produced.buffer,
    answer.crcs.buffer,
    answer.digests.buffer,
  ] as ArrayBuffer[];
}
