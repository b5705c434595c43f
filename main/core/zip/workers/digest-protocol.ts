// What zip-reader.ts and its digest worker (digest.worker.ts) send each other: typed arrays,
// transferred, never an object or a string per entry.

/** Numbers per item in `DigestPayload.items`: offset in `buffer`, length, method, declared size. */
export const DIGEST_ITEM_FIELDS = 4;

export interface DigestPayload {
  buffer: ArrayBuffer;
  items: Float64Array;
}

/** What reading each item showed: bytes produced, CRC-32, SHA-256 (32 bytes each), and errors by item. */
export interface DigestAnswer {
  produced: Float64Array;
  crcs: Uint32Array;
  digests: Uint8Array;
  /** `'overflow'`, or zlib's message; absent when every item inflated within its size. */
  errors?: Record<number, string>;
}
