// Reads, hashes and compresses small files on worker threads (worker-pool.ts), in batches named
// by path: the main thread only writes the archive. Costs that shaped it: opening, reading and
// closing each file is ~8 µs of system calls here (100,000 tiny files: ~0.8 s, most of what
// `zip -r` spends in all), the async fs API would add a thread-pool round trip per call, and the
// async zlib API ~80 µs of main-thread time per file; a batch is one message each way, its
// buffers transferred, not copied.
import { WorkerPool, workerFile } from './worker-pool';
import type { ReadBatchAnswer, ReadBatchPayload } from './workers/read-batch-protocol';

export interface SmallFile {
  /** Where the bytes are read from. */
  source: string;
  /** The size it was scanned at. */
  size: number;
}

/** One file as read: its entry's data, and what the archive and the manifest record of it. */
export interface ReadSmallFile {
  method: 0 | 8;
  /** The entry's data: the content stored, or deflated. */
  data: Buffer;
  /** The content (when contents were asked for, else empty). */
  content: Buffer;
  crc32: number;
  sha256: Buffer;
}

/** A file whose size is not the one it was scanned at: `found` is its size now. */
export class SmallFileChanged extends Error {
  constructor(
    file: string,
    readonly found: number,
  ) {
    super(`${file} changed size`);
  }
}

interface Waiting {
  file: SmallFile;
  compress: boolean;
  resolve: (read: ReadSmallFile) => void;
  reject: (error: Error) => void;
}

/** A batch is sent when it holds this many files or bytes, when asked (`flush`), or when the tick ends. */
const BATCH_ITEMS = 128;
const BATCH_BYTES = 512 * 1024;

export class SmallFileReader {
  private readonly pool = new WorkerPool(workerFile('read-batch'));
  private waiting: Waiting[] = [];
  private waitingBytes = 0;
  private flushScheduled = false;

  constructor(
    private readonly level: number,
    private readonly minSaving: number,
    /** Whether the contents are wanted back (to inspect them), not only the entries' data. */
    private readonly wantContents: boolean,
  ) {}

  /** Reads `file` in a coming batch; `compress`: whether deflate is worth trying. */
  read(file: SmallFile, compress: boolean): Promise<ReadSmallFile> {
    return new Promise<ReadSmallFile>((resolve, reject) => {
      this.waiting.push({ file, compress, resolve, reject });
      this.waitingBytes += file.size;
      if (this.waiting.length >= BATCH_ITEMS || this.waitingBytes >= BATCH_BYTES) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Sends the files waiting now (before waiting for one of them). */
  flush(): void {
    this.flushScheduled = false;
    const items = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    if (items.length === 0) return;
    let total = 0;
    for (const item of items) total += item.file.size;
    const payload: ReadBatchPayload = {
      paths: items.map((item) => item.file.source).join('\0'),
      sizes: Float64Array.from(items, (item) => item.file.size),
      compress: Uint8Array.from(items, (item) => (item.compress ? 1 : 0)),
      level: this.level,
      minSaving: this.minSaving,
      wantContents: this.wantContents,
      contents: new ArrayBuffer(total + 1),
    };
    this.pool.run<ReadBatchAnswer>(payload, [payload.contents]).then(
      (answer) => settle(items, answer, this.wantContents),
      (error: Error) => {
        for (const item of items) item.reject(new Error(`reading files failed: ${error.message}`));
      },
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

const EMPTY = Buffer.alloc(0);

function settle(items: readonly Waiting[], answer: ReadBatchAnswer, wantContents: boolean): void {
  const data = Buffer.from(answer.data);
  // Without deflated files or errors, the entries' data are the contents.
  const contents = answer.contents === undefined ? data : Buffer.from(answer.contents);
  let at = 0;
  let out = 0;
  items.forEach((item, index) => {
    const size = item.file.size;
    const problem = answer.errors?.[index];
    if (problem !== undefined) {
      // A system error keeps its code (ENOENT, EACCES), as a read on this thread would have.
      item.reject(
        problem.found !== undefined
          ? new SmallFileChanged(item.file.source, problem.found)
          : Object.assign(new Error(problem.message ?? `${item.file.source} could not be read`), {
              code: problem.code,
            }),
      );
    } else {
      const dataSize = answer.dataSizes[index] as number;
      item.resolve({
        method: answer.methods[index] === 8 ? 8 : 0,
        data: data.subarray(out, out + dataSize),
        content: wantContents ? contents.subarray(at, at + size) : EMPTY,
        crc32: answer.crcs[index] as number,
        sha256: Buffer.from(answer.digests.buffer, index * 32, 32),
      });
      out += dataSize;
    }
    at += size;
  });
}
