// Worker thread of batch-compressor.ts: deflates a batch of small files sent as one buffer, and
// keeps each file stored when deflating does not save at least `minSaving` of its size.
import { deflateRawSync } from 'node:zlib';
import { serveJobs } from './serve-jobs';

export interface DeflateBatchPayload {
  buffer: ArrayBuffer;
  items: { offset: number; size: number; compress: boolean }[];
  level: number;
  minSaving: number;
}

export interface DeflateBatchAnswer {
  buffer: ArrayBuffer;
  results: { method: 0 | 8; size: number }[];
}

serveJobs(({ buffer, items, level, minSaving }: DeflateBatchPayload) => {
  const input = Buffer.from(buffer);
  const chosen = items.map(({ offset, size, compress }) => {
    const raw = input.subarray(offset, offset + size);
    if (compress && size > 0) {
      const deflated = deflateRawSync(raw, { level });
      if (deflated.length <= size * (1 - minSaving)) return { method: 8 as const, data: deflated };
    }
    return { method: 0 as const, data: raw };
  });
  const out = new Uint8Array(chosen.reduce((sum, item) => sum + item.data.length, 0));
  let at = 0;
  for (const item of chosen) {
    out.set(item.data, at);
    at += item.data.length;
  }
  const answer: DeflateBatchAnswer = {
    buffer: out.buffer,
    results: chosen.map((item) => ({ method: item.method, size: item.data.length })),
  };
  return { result: answer, transfer: [out.buffer] };
});
