// Compresses small files on worker threads (worker-pool.ts), in batches. Two costs shaped it:
// the async zlib API spends ~80 µs of main-thread time per call (a new stream and deflate state
// each time: 417 ms of main thread for 5,000 files of ~10 KB), and a fresh buffer per file left
// ~100 MB of garbage waiting for collection on 20,000-file projects. So files are read straight
// into a batch buffer (`reserve`), hashed there, and the whole batch is transferred (not copied)
// to a worker that deflates each file with deflateRawSync, keeps whichever of stored or deflated
// is smaller by the required margin, and transfers the payloads back in one buffer.
import { WorkerPool, workerFile } from './worker-pool';
import type { DeflateBatchAnswer, DeflateBatchPayload } from './workers/deflate-batch.worker';

export interface Payload {
  method: 0 | 8;
  /** Stored bytes or deflated stream, as the entry's data. */
  data: Buffer;
}

interface Item {
  offset: number;
  size: number;
  compress: boolean;
  resolve: (payload: Payload) => void;
  reject: (error: Error) => void;
}

/** A batch is sent when its buffer is full, it holds this many files, or the current tick ends. */
const BATCH_BYTES = 512 * 1024;
const BATCH_ITEMS = 128;
/** Smallest batch buffer: a batch of tiny files needs a few kilobytes, not BATCH_BYTES. */
const MIN_BATCH_BYTES = 16 * 1024;

export class BatchCompressor {
  private readonly pool = new WorkerPool(workerFile('deflate-batch'));
  private buffer: Buffer | undefined;
  private used = 0;
  private items: Item[] = [];
  private flushScheduled = false;
  /** Running average of the files' sizes: sizes the next batch buffer. */
  private averageSize = 4096;

  constructor(
    private readonly level: number,
    private readonly minSaving: number,
  ) {}

  /**
   * Room for `size` bytes in the current batch. Fill it, read it, then `commit` it; the view
   * is unusable after that (its memory moves to a worker).
   */
  reserve(size: number): { view: Buffer; commit: (compress: boolean) => Promise<Payload> } {
    this.averageSize += (size - this.averageSize) / 16;
    if (this.buffer === undefined || this.used + size > this.buffer.length) {
      this.flush();
      // Not from Node's shared pool, so it can be transferred. Sized for the batch the recent
      // files would make: 100,000 tiny files allocated (and zeroed) a 512 KiB buffer per 128
      // files of ~30 bytes each, ~400 MB in all.
      const wanted = Math.min(BATCH_BYTES, Math.max(MIN_BATCH_BYTES, Math.ceil(this.averageSize * BATCH_ITEMS * 1.5)));
      this.buffer = Buffer.from(new ArrayBuffer(Math.max(wanted, size)));
    }
    const offset = this.used;
    this.used += size;
    const view = this.buffer.subarray(offset, offset + size);
    return {
      view,
      commit: (compress) =>
        new Promise<Payload>((resolve, reject) => {
          this.items.push({ offset, size, compress, resolve, reject });
          if (this.items.length >= BATCH_ITEMS) this.flush();
          else if (!this.flushScheduled) {
            this.flushScheduled = true;
            setImmediate(() => this.flush());
          }
        }),
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const buffer = this.buffer;
    const items = this.items;
    this.buffer = undefined;
    this.used = 0;
    this.items = [];
    if (buffer === undefined || items.length === 0) return;
    const payload: DeflateBatchPayload = {
      buffer: buffer.buffer as ArrayBuffer,
      items: items.map(({ offset, size, compress }) => ({ offset, size, compress })),
      level: this.level,
      minSaving: this.minSaving,
    };
    this.pool.run<DeflateBatchAnswer>(payload, [buffer.buffer as ArrayBuffer]).then(
      (answer) => {
        const data = Buffer.from(answer.buffer);
        let at = 0;
        items.forEach((item, index) => {
          const result = answer.results[index] as { method: 0 | 8; size: number };
          item.resolve({ method: result.method, data: data.subarray(at, at + result.size) });
          at += result.size;
        });
      },
      (error: Error) => {
        for (const item of items) item.reject(new Error(`compression failed: ${error.message}`));
      },
    );
  }
}
