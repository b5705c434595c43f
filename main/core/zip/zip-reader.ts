// A defensive ZIP reader for bundles received from anyone. Opening checks the whole structure
// from the central directory before any content is read: names (entry-names.ts), links and
// devices, duplicates and case/Unicode collisions, encryption, methods, overlapping entries and
// count/size/ratio limits. Content is then read sequentially through a block cache, each entry's
// local header checked against the central directory, inflation capped at the declared size,
// and size and CRC compared at the end.
import { nextTurn, sliceSpent } from '../yield';
import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib';
import { ReproError } from '../errors';
import { createHash } from 'node:crypto';
import { WorkerPool, workerFile } from './worker-pool';
import { DIGEST_ITEM_FIELDS, digestTransfers, type DigestPayload } from './workers/digest-protocol';
import { collisionKey, entryNameProblem } from './entry-names';
import { ZipEntries, type ZipEntry } from './zip-entries';
import {
  CENTRAL_HEADER_SIZE,
  EOCD_SIZE,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATE,
  METHOD_STORE,
  S_IFMT,
  S_IFREG,
  SIG,
  UINT16_MAX,
  UINT32_MAX,
  ZIP64_EOCD_SIZE,
  ZIP64_EXTRA_ID,
  ZIP64_LOCATOR_SIZE,
} from './zip-format';

export type { ZipEntry } from './zip-entries';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of all entries' uncompressed sizes. */
  maxTotalSize: number;
  /** Honest deflate cannot exceed about 1032:1; anything above is crafted. */
  maxEntryRatio: number;
  maxCentralDirectoryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000_000,
  maxTotalSize: 64 * 1024 ** 3,
  maxEntryRatio: 1100,
  maxCentralDirectoryBytes: 256 * 1024 * 1024,
};

/** The archive is not one we will read; `problems` lists every reason found. */
export class ZipRejectedError extends ReproError {
  constructor(
    file: string,
    readonly problems: readonly string[],
  ) {
    super({
      code: 'archive-rejected',
      message: `${file} is not a safe bundle archive: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`,
      fix: 'Do not extract or run this file. Ask the sender for a bundle made with ReproBundle.',
      file,
    });
    this.name = 'ZipRejectedError';
  }
}

export interface EntryVisitor {
  /** Uncompressed data of the current entry, in order. */
  data(entry: ZipEntry, chunk: Buffer): void;
  /** The entry ended; `problem` says what was wrong with its content, if anything. */
  end(entry: ZipEntry, problem: string | undefined): void;
}

const BLOCK_SIZE = 4 * 1024 * 1024;
/** Central-directory records read between two progress reports. */
const RECORDS_PER_REPORT = 4096;
const SMALL_INFLATE_LIMIT = 4 * 1024 * 1024;
const DIGEST_BATCH_BYTES = 1024 * 1024;
const DIGEST_BATCH_ITEMS = 256;
const MAX_DIGEST_BATCHES = 8;

/** What reading an entry's content showed (here or on a worker); `judge` turns it into a verdict. */
interface ContentFacts {
  produced: number;
  crc: number;
  /** `'overflow'`, or zlib's message. */
  error?: string | undefined;
}

class OverflowError extends Error {}

/** The verdict on an entry's content, the same whichever thread read it. */
function judge(declared: { size: number; crc32: number }, facts: ContentFacts): string | undefined {
  return judgeValues(declared.size, declared.crc32, facts.produced, facts.crc, facts.error);
}

/** `judge` from the values alone (the workers' answers: no object made per entry). */
function judgeValues(
  size: number,
  crc32: number,
  produced: number,
  crc: number,
  error: string | undefined,
): string | undefined {
  if (error === 'overflow') return `more data than the declared ${size} bytes`;
  if (error !== undefined) return `corrupt deflate data (${error})`;
  if (produced !== size) return `${produced} bytes of data where ${size} were declared`;
  if (crc >>> 0 !== crc32 >>> 0) return 'CRC mismatch: the data is damaged';
  return undefined;
}

const NO_DIGEST = new Uint8Array(0);

/**
 * How far opening an archive is: central-directory records read (`reading`), then entries the
 * checks across them have been through (`checking`).
 */
export type RecordsProgress = (done: number, total: number, stage: 'reading' | 'checking') => void;

export class ZipReader {
  private block: { start: number; data: Buffer } | undefined;
  /**
   * While entries are hashed (digestEntries), blocks are read into this one buffer again, where
   * each was a fresh 4 MiB: a million-file bundle's 229 MB went through as garbage, which V8 frees
   * only after the fact. Only there: every reader of a block there is done with it before the
   * next read (copied, hashed, or inflated to the end), while other readers keep what they read.
   */
  private reusedBlock: Buffer | undefined;

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    readonly fileSize: number,
    readonly entries: ZipEntries,
  ) {}

  /**
   * `onRecords` hears how many central-directory records are read, then how many entries the
   * checks across them (names twice or colliding, overlaps) have passed: a million take seconds.
   */
  static async open(
    file: string,
    limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    onRecords?: RecordsProgress,
  ): Promise<ZipReader> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const entries = await readCentralDirectory(handle, file, size, limits, onRecords);
      return new ZipReader(handle, file, size, entries);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  find(name: string): ZipEntry | undefined {
    return this.entries.at(this.entries.indexOf(name));
  }

  /** The whole content of one (small) entry, checked; throws when it is larger than `maxBytes` or damaged. */
  async readWhole(entry: ZipEntry, maxBytes: number): Promise<Buffer> {
    if (entry.size > maxBytes) {
      throw new ZipRejectedError(this.file, [`${entry.name} is ${entry.size} bytes; at most ${maxBytes} are accepted`]);
    }
    const chunks: Buffer[] = [];
    let problem: string | undefined;
    await this.readEntries([entry.index], {
      data: (_entry, chunk) => chunks.push(chunk),
      end: (_entry, found) => (problem = found),
    });
    if (problem !== undefined) throw new ZipRejectedError(this.file, [`${entry.name}: ${problem}`]);
    return Buffer.concat(chunks);
  }

  /** Streams the content of the given entries (indices in `entries`), in archive order, to the visitor. */
  async readEntries(indices: ArrayLike<number>, visitor: EntryVisitor): Promise<void> {
    const ordered = this.entries.byOffset(indices);
    for (let at = 0; at < ordered.length; at += 1) {
      const entry = this.entries.at(ordered[at] as number) as ZipEntry;
      const problem = await this.readEntry(entry, visitor).catch((error: unknown) =>
        error instanceof Error ? error.message : String(error),
      );
      visitor.end(entry, problem);
    }
  }

  /**
   * SHA-256 of each entry's content, or why its content is unsound. Small entries are inflated and
   * hashed on worker threads (both cores), large ones streamed here; the verdict is the same. No
   * object is made per entry: what goes to the workers and what comes back are typed arrays.
   */
  async digestEntries(
    /** Indices in `entries`; they are read in archive order, whatever order they come in. */
    indices: ArrayLike<number>,
    /**
     * `index`: the entry's index in `entries`; its SHA-256 is the 32 bytes of `digests` from `at`
     * (none when the content could not be read): shared with other entries, not to be kept.
     */
    onDigest: (index: number, digests: Uint8Array, at: number, problem: string | undefined) => void,
    /** A large entry's bytes inflated so far, after each chunk (hashing one takes seconds). */
    onLargeData?: (index: number, bytes: number) => void,
    /**
     * Digest workers the caller started ahead (a thread takes ~0.1 s to start), handed over:
     * closed here as the ones started here would be.
     */
    started?: WorkerPool,
  ): Promise<void> {
    const entries = this.entries;
    const ordered = entries.byOffset(indices);
    const pool = started ?? new WorkerPool(workerFile('digest'));
    this.reusedBlock = Buffer.allocUnsafe(BLOCK_SIZE);
    // Every batch is observed at once: the first failure (a cancellation thrown by onDigest, say)
    // is kept and rethrown here, and no batch still in flight can reject unobserved later, which
    // would bring the whole process down.
    let failure: { error: unknown } | undefined;
    const batches: Promise<void>[] = [];
    const rethrow = (): void => {
      if (failure !== undefined) throw failure.error;
    };
    /** A batch's arrays: compressed bytes and per item its fields, its entry's index and its answer. */
    interface Batch {
      buffer: Buffer;
      used: number;
      count: number;
      items: Float64Array;
      indices: Uint32Array;
      answer: { produced: Float64Array; crcs: Uint32Array; digests: Uint8Array };
    }
    /** The batch being filled, and those back from the workers, to fill again (digest-protocol.ts). */
    let batch: Batch | undefined;
    const spare: Batch[] = [];
    const send = (): void => {
      if (batch === undefined || batch.count === 0) return;
      const sent = batch;
      batch = undefined;
      const { buffer, count, items, answer } = sent;
      const payload: DigestPayload = { count, buffer: buffer.buffer as ArrayBuffer, items, answer };
      batches.push(
        pool
          .run<DigestPayload>(payload, digestTransfers(payload))
          .then((reply) => {
            if (failure !== undefined) return; // stopped: nothing more is reported
            for (let item = 0; item < count; item += 1) {
              const index = sent.indices[item] as number;
              const problem = judgeValues(
                entries.size(index),
                entries.crc32(index),
                reply.answer.produced[item] as number,
                reply.answer.crcs[item] as number,
                reply.answer.errors?.[item],
              );
              onDigest(index, reply.answer.digests, item * 32, problem);
            }
            const { produced, crcs, digests } = reply.answer;
            spare.push({
              ...sent,
              buffer: Buffer.from(reply.buffer),
              items: reply.items,
              answer: { produced, crcs, digests },
            });
          })
          .catch((error: unknown) => {
            failure ??= { error };
          }),
      );
    };
    /** A batch with room for `bytes`: one back from the workers when one is big enough. */
    const fresh = (bytes: number): Batch => {
      const reused = spare.findIndex((candidate) => candidate.buffer.length >= bytes);
      const found = reused < 0 ? spare.pop() : spare.splice(reused, 1)[0];
      if (found !== undefined && found.buffer.length >= bytes) return { ...found, used: 0, count: 0 };
      return {
        // Not from Node's shared pool, so it can be transferred to a worker. Sized for the entries
        // it will hold: a full 1 MiB for 256 tiny entries left each worker holding hundreds of
        // mostly empty megabytes until its next collection (~40 MB more at a million entries).
        buffer: Buffer.from(new ArrayBuffer(bytes)),
        used: 0,
        count: 0,
        items: found?.items ?? new Float64Array(DIGEST_BATCH_ITEMS * DIGEST_ITEM_FIELDS),
        indices: found?.indices ?? new Uint32Array(DIGEST_BATCH_ITEMS),
        answer: found?.answer ?? {
          produced: new Float64Array(DIGEST_BATCH_ITEMS),
          crcs: new Uint32Array(DIGEST_BATCH_ITEMS),
          digests: new Uint8Array(DIGEST_BATCH_ITEMS * 32),
        },
      };
    };
    // Large entries are streamed here once the small ones are done and the workers gone: inflating
    // one makes as much garbage as its size (Node's zlib stream allocates every output chunk), which
    // on top of the workers' batches was a million-file verify's peak (+25 MB for its SHA256SUMS).
    const large: number[] = [];
    try {
      for (let at = 0; at < ordered.length; at += 1) {
        const index = ordered[at] as number;
        const compressedSize = entries.compressedSize(index);
        if (compressedSize > SMALL_INFLATE_LIMIT || entries.size(index) > SMALL_INFLATE_LIMIT) {
          large.push(index);
          continue;
        }
        const dataStart = this.locateCached(index) ?? (await this.locateData(index));
        if (typeof dataStart === 'string') {
          onDigest(index, NO_DIGEST, 0, dataStart);
          continue;
        }
        if (batch !== undefined && batch.used + compressedSize > batch.buffer.length) send();
        batch ??= fresh(this.batchBytes(ordered, at));
        await this.copyOut(dataStart, compressedSize, batch.buffer, batch.used);
        const field = batch.count * DIGEST_ITEM_FIELDS;
        batch.items[field] = batch.used;
        batch.items[field + 1] = compressedSize;
        batch.items[field + 2] = entries.method(index);
        batch.items[field + 3] = entries.size(index);
        batch.indices[batch.count] = index;
        batch.count += 1;
        batch.used += compressedSize;
        if (batch.count >= DIGEST_BATCH_ITEMS) send();
        // Bound the memory in flight: wait for the oldest batch.
        if (batches.length >= MAX_DIGEST_BATCHES) await batches.shift();
        rethrow();
      }
      send();
      await Promise.all(batches);
      rethrow();
      await pool.close();
      for (const index of large) {
        const dataStart = await this.locateData(index);
        if (typeof dataStart === 'string') {
          onDigest(index, NO_DIGEST, 0, dataStart);
          continue;
        }
        const entry = entries.at(index) as ZipEntry;
        const hash = createHash('sha256');
        let produced = 0;
        const facts = await this.readContent(entry, dataStart, (chunk) => {
          hash.update(chunk);
          onLargeData?.(index, (produced += chunk.length));
        });
        onDigest(index, hash.digest(), 0, judge(entry, facts));
      }
    } finally {
      this.reusedBlock = undefined;
      this.block = undefined; // it may be the reused buffer
      await pool.close();
    }
  }

  /**
   * Bytes for a digest batch starting at `ordered[from]`: the compressed sizes of the small entries
   * it will take (as many as fit in DIGEST_BATCH_BYTES, at most DIGEST_BATCH_ITEMS), or the first
   * one's alone when it is larger.
   */
  private batchBytes(ordered: ArrayLike<number>, from: number): number {
    const entries = this.entries;
    let bytes = 0;
    for (let at = from, items = 0; at < ordered.length && items < DIGEST_BATCH_ITEMS; at += 1) {
      const index = ordered[at] as number;
      const compressedSize = entries.compressedSize(index);
      if (compressedSize > SMALL_INFLATE_LIMIT || entries.size(index) > SMALL_INFLATE_LIMIT) continue;
      if (items > 0 && bytes + compressedSize > DIGEST_BATCH_BYTES) break;
      bytes += compressedSize;
      items += 1;
    }
    return Math.max(bytes, 1);
  }

  private async readEntry(entry: ZipEntry, visitor: EntryVisitor): Promise<string | undefined> {
    const dataStart = await this.locateData(entry.index);
    if (typeof dataStart === 'string') return dataStart;
    return judge(entry, await this.readContent(entry, dataStart, (chunk) => visitor.data(entry, chunk)));
  }

  /** Checks the local header against the central directory; returns where the data starts, or the problem. */
  private async locateData(index: number): Promise<number | string> {
    const known = this.locateCached(index);
    if (known !== undefined) return known;
    // Load one block holding the header and the name together (two reads could leave them in
    // different blocks when a block boundary falls inside the name), then check from it.
    const offset = this.entries.offset(index);
    const header = await this.read(offset, LOCAL_HEADER_SIZE);
    await this.read(offset, LOCAL_HEADER_SIZE + header.readUInt16LE(26));
    return this.locateCached(index) ?? 'the local header cannot be read';
  }

  /**
   * locateData without waiting, when the header and the name are in the block already read
   * (nearly always, entries being contiguous): undefined when they are not. Two awaits per entry
   * were a tenth of verifying 100,000 tiny files. The names are compared as bytes.
   */
  private locateCached(index: number): number | string | undefined {
    const entries = this.entries;
    const offset = entries.offset(index);
    const at = this.inBlock(offset, LOCAL_HEADER_SIZE);
    if (at < 0) return undefined;
    // Read in place from the block (no view made per entry: a million entries' views were most
    // of verify's garbage).
    const data = (this.block as { data: Buffer }).data;
    if (data.readUInt32LE(at) !== SIG.localHeader) return 'no local header where the central directory points';
    const flags = data.readUInt16LE(at + 6);
    if ((flags & FLAG_ENCRYPTED) !== 0) return 'encrypted';
    const method = entries.method(index);
    if (data.readUInt16LE(at + 8) !== method) return 'local header and central directory disagree on the method';
    if (flags !== entries.flags(index)) return 'local header and central directory disagree on the flags';
    if (data.readUInt32LE(at + 14) >>> 0 !== entries.crc32(index) >>> 0)
      return 'local header and central directory disagree on the CRC-32';
    const compressedSize = entries.compressedSize(index);
    const size = entries.size(index);
    const localCompressed = data.readUInt32LE(at + 18);
    const localSize = data.readUInt32LE(at + 22);
    if (
      (localCompressed !== UINT32_MAX && localCompressed !== compressedSize) ||
      (localSize !== UINT32_MAX && localSize !== size)
    )
      return 'local header and central directory disagree on the sizes';
    const nameLength = data.readUInt16LE(at + 26);
    const extraLength = data.readUInt16LE(at + 28);
    const nameAt = at + LOCAL_HEADER_SIZE;
    if (nameAt + nameLength > data.length) return undefined;
    if (!entries.nameIs(index, data, nameAt, nameLength))
      return 'local header and central directory disagree on the name';
    const dataStart = offset + LOCAL_HEADER_SIZE + nameLength + extraLength;
    if (dataStart + compressedSize > this.fileSize) return 'data runs past the end of the archive';
    if (method === METHOD_STORE && compressedSize !== size)
      return 'stored entry whose compressed and uncompressed sizes differ';
    return dataStart;
  }

  /** Copies [position, position+length) of the archive into `target` at `at`, through the block cache. */
  private async copyOut(position: number, length: number, target: Buffer, at: number): Promise<void> {
    const from = this.inBlock(position, length);
    if (from >= 0) (this.block as { data: Buffer }).data.copy(target, at, from, from + length);
    else (await this.read(position, length)).copy(target, at);
  }

  /** Streams an entry's content to `take`, never past its declared size; returns what was seen. */
  private async readContent(entry: ZipEntry, dataStart: number, take: (chunk: Buffer) => void): Promise<ContentFacts> {
    let crc = 0;
    let produced = 0;
    const accept = (chunk: Buffer): void => {
      produced += chunk.length;
      if (produced > entry.size) throw new OverflowError();
      crc = crc32(chunk, crc);
      take(chunk);
    };
    try {
      if (entry.method === METHOD_STORE) {
        for (let at = 0; at < entry.size; at += BLOCK_SIZE)
          accept(await this.read(dataStart + at, Math.min(BLOCK_SIZE, entry.size - at)));
      } else if (entry.compressedSize <= SMALL_INFLATE_LIMIT && entry.size <= SMALL_INFLATE_LIMIT) {
        // One byte more than declared lets a lie about the size show without inflating a bomb.
        const output = inflateRawSync(await this.read(dataStart, entry.compressedSize), {
          maxOutputLength: Math.max(1, entry.size + 1),
        });
        if (output.length > 0) accept(output);
      } else {
        await this.inflateStreaming(entry, dataStart, accept);
      }
    } catch (error) {
      return {
        produced,
        crc,
        error: error instanceof OverflowError || error instanceof RangeError ? 'overflow' : (error as Error).message,
      };
    }
    return { produced, crc };
  }

  private async inflateStreaming(entry: ZipEntry, dataStart: number, take: (chunk: Buffer) => void): Promise<void> {
    const inflater = createInflateRaw({ chunkSize: 256 * 1024 });
    let failure: Error | undefined;
    inflater.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      try {
        take(chunk);
      } catch (error) {
        failure = error as Error;
        inflater.destroy();
      }
    });
    const finished = new Promise<void>((resolve, reject) => {
      inflater.on('end', resolve);
      inflater.on('close', resolve);
      inflater.on('error', reject);
    });
    for (let at = 0; at < entry.compressedSize && failure === undefined && !inflater.destroyed; at += BLOCK_SIZE) {
      const piece = await this.read(dataStart + at, Math.min(BLOCK_SIZE, entry.compressedSize - at));
      // Each piece inflated to its end before the next is read: its block may be read into again
      // (reusedBlock), and a highly compressible entry cannot pile up output in memory.
      const written = new Promise<void>((resolve) => inflater.write(piece, () => resolve()));
      // A stream destroyed by a failure (in `take`, or in the data) need not call back.
      await Promise.race([written, finished.catch(() => undefined)]);
    }
    if (failure === undefined && !inflater.destroyed) inflater.end();
    await finished.catch((error: unknown) => {
      failure ??= error as Error;
    });
    if (failure !== undefined) throw failure;
  }

  /** Where [position, position+length) starts in the block read last, when it holds it all; else −1. */
  private inBlock(position: number, length: number): number {
    const block = this.block;
    if (block === undefined || position < block.start || position + length > block.start + block.data.length) return -1;
    return position - block.start;
  }

  /** The bytes, when the block read last holds them all. */
  private cached(position: number, length: number): Buffer | undefined {
    const from = this.inBlock(position, length);
    return from < 0 ? undefined : (this.block as { data: Buffer }).data.subarray(from, from + length);
  }

  /** Reads [position, position+length) through a block cache; entries are read in archive order. */
  private async read(position: number, length: number): Promise<Buffer> {
    const cached = this.cached(position, length);
    if (cached !== undefined) return cached;
    const size = Math.min(Math.max(length, BLOCK_SIZE), this.fileSize - position);
    if (size < length) throw new Error('read past the end of the archive');
    const reused = this.reusedBlock;
    const data = reused !== undefined && size <= reused.length ? reused.subarray(0, size) : Buffer.allocUnsafe(size);
    this.block = undefined; // until it is read whole
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await this.handle.read(data, filled, size - filled, position + filled);
      if (bytesRead === 0) throw new Error('archive ended early');
      filled += bytesRead;
    }
    this.block = { start: position, data };
    return data.subarray(0, length);
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

async function readCentralDirectory(
  handle: FileHandle,
  file: string,
  fileSize: number,
  limits: ZipLimits,
  onRecords: RecordsProgress | undefined,
): Promise<ZipEntries> {
  const reject = (...problems: string[]): never => {
    throw new ZipRejectedError(file, problems);
  };
  const end = await findEndRecords(handle, fileSize, reject);
  if (end.count > limits.maxEntries) reject(`${end.count} entries; at most ${limits.maxEntries} are accepted`);
  if (end.centralSize > limits.maxCentralDirectoryBytes)
    reject(`central directory of ${end.centralSize} bytes is too large`);
  if (end.centralOffset + end.centralSize > end.centralEnd) reject('central directory overlaps the end records');
  if (end.centralOffset + end.centralSize < end.centralEnd)
    reject('data between the central directory and the end record');

  const central = await readAt(handle, end.centralOffset, end.centralSize);
  const { entries, problems } = await parseCentralRecords(central, end.count, reject, onRecords);
  problems.push(
    ...(await checkEntrySet(entries, limits, end.centralOffset, (done) =>
      onRecords?.(done, entries.length, 'checking'),
    )),
  );
  if (problems.length > 0) reject(...problems);
  return entries;
}

interface EndRecords {
  count: number;
  centralSize: number;
  centralOffset: number;
  /** Where the central directory must end: the ZIP64 end record, or the end record. */
  centralEnd: number;
}

/** The end-of-central-directory record (and its ZIP64 form when a value overflows). */
async function findEndRecords(
  handle: FileHandle,
  fileSize: number,
  reject: (...problems: string[]) => never,
): Promise<EndRecords> {
  if (fileSize < EOCD_SIZE) reject('too small to be a ZIP archive');
  // The end record sits in the last 22 bytes plus at most a 65535-byte comment.
  const tailLength = Math.min(fileSize, EOCD_SIZE + UINT16_MAX);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let at = tail.length - EOCD_SIZE; at >= 0; at -= 1) {
    if (
      tail.readUInt32LE(at) === SIG.endOfCentralDirectory &&
      at + EOCD_SIZE + tail.readUInt16LE(at + 20) === tail.length
    ) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) reject('no end-of-central-directory record (not a ZIP file, or truncated)');
  if (tail.readUInt16LE(eocd + 20) !== 0) reject('an archive comment (bundles have none)');
  const eocdOffset = fileSize - tailLength + eocd;
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0)
    reject('multi-disk archives are not supported');

  const found: EndRecords = {
    count: tail.readUInt16LE(eocd + 10),
    centralSize: tail.readUInt32LE(eocd + 12),
    centralOffset: tail.readUInt32LE(eocd + 16),
    centralEnd: eocdOffset,
  };
  if (found.count !== UINT16_MAX && found.centralSize !== UINT32_MAX && found.centralOffset !== UINT32_MAX)
    return found;

  if (eocdOffset < ZIP64_LOCATOR_SIZE) reject('ZIP64 end record missing');
  const locator = await readAt(handle, eocdOffset - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
  if (locator.readUInt32LE(0) !== SIG.zip64Locator) reject('ZIP64 locator missing');
  const recordOffset = Number(locator.readBigUInt64LE(8));
  if (recordOffset + ZIP64_EOCD_SIZE > eocdOffset - ZIP64_LOCATOR_SIZE) reject('ZIP64 end record out of place');
  const record = await readAt(handle, recordOffset, ZIP64_EOCD_SIZE);
  if (record.readUInt32LE(0) !== SIG.zip64EndOfCentralDirectory) reject('ZIP64 end record missing');
  return {
    count: Number(record.readBigUInt64LE(32)),
    centralSize: Number(record.readBigUInt64LE(40)),
    centralOffset: Number(record.readBigUInt64LE(48)),
    centralEnd: recordOffset,
  };
}

/** Parses each central-directory record and checks what can be judged per entry. */
async function parseCentralRecords(
  central: Buffer,
  count: number,
  reject: (...problems: string[]) => never,
  onRecords: RecordsProgress | undefined,
): Promise<{ entries: ZipEntries; problems: string[] }> {
  const problems: string[] = [];
  // Every record takes at least its fixed header: a count the bytes cannot hold is refused
  // before room for it is made.
  if (count * CENTRAL_HEADER_SIZE > central.length) reject('central directory is truncated or damaged');
  const entries = new ZipEntries(count, central.length - count * CENTRAL_HEADER_SIZE);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    if (sliceSpent(index)) await nextTurn();
    if (index % RECORDS_PER_REPORT === 0 && index > 0) onRecords?.(index, count, 'reading');
    if (at + CENTRAL_HEADER_SIZE > central.length || central.readUInt32LE(at) !== SIG.centralHeader) {
      reject('central directory is truncated or damaged');
    }
    const madeBy = central.readUInt16LE(at + 4);
    const flags = central.readUInt16LE(at + 8);
    const method = central.readUInt16LE(at + 10);
    const crc = central.readUInt32LE(at + 16);
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    const disk = central.readUInt16LE(at + 34);
    const external = central.readUInt32LE(at + 38);
    const nameStart = at + CENTRAL_HEADER_SIZE;
    const recordEnd = nameStart + nameLength + extraLength + commentLength;
    if (recordEnd > central.length) reject('central directory is truncated or damaged');
    let size = central.readUInt32LE(at + 24);
    let compressedSize = central.readUInt32LE(at + 20);
    let offset = central.readUInt32LE(at + 42);
    // Only ZIP64 entries need their extra field read (no object per entry otherwise).
    if (size === UINT32_MAX || compressedSize === UINT32_MAX || offset === UINT32_MAX) {
      const wide = zip64Values(central.subarray(nameStart + nameLength, nameStart + nameLength + extraLength), {
        size,
        compressedSize,
        offset,
      });
      if (wide === undefined) size = -1;
      else ({ size, compressedSize, offset } = wide);
    }
    const nameBytes = central.subarray(nameStart, nameStart + nameLength);
    at = recordEnd;

    let name: string;
    try {
      name = decoder.decode(nameBytes);
    } catch {
      problems.push(`entry ${index + 1}: name is not valid UTF-8`);
      continue;
    }
    if (size < 0) {
      problems.push(`${JSON.stringify(name)}: ZIP64 field too short`);
      continue;
    }
    const nameProblem = entryNameProblem(name);
    if (nameProblem !== undefined) problems.push(`${JSON.stringify(name)}: ${nameProblem}`);
    if ((flags & FLAG_ENCRYPTED) !== 0) problems.push(`${JSON.stringify(name)}: encrypted entries are not accepted`);
    if (method !== METHOD_STORE && method !== METHOD_DEFLATE)
      problems.push(`${JSON.stringify(name)}: compression method ${method} is not supported`);
    if (disk !== 0) problems.push(`${JSON.stringify(name)}: multi-disk archives are not supported`);
    // Unix-made entries carry a file type: only regular files (no links, devices, FIFOs).
    const unixMode = external >>> 16;
    if (madeBy >> 8 === 3 && (unixMode & S_IFMT) !== 0 && (unixMode & S_IFMT) !== S_IFREG) {
      problems.push(
        `${JSON.stringify(name)}: ${(unixMode & S_IFMT) === 0o120000 ? 'a symbolic link' : 'not a regular file (device, FIFO or directory)'}`,
      );
    }
    if ((flags & FLAG_DATA_DESCRIPTOR) !== 0)
      problems.push(`${JSON.stringify(name)}: data descriptor (sizes after the data)`);
    entries.push(nameBytes, {
      method,
      crc32: crc,
      size,
      compressedSize,
      offset,
      flags,
      executable: (unixMode & 0o111) !== 0,
    });
  }
  // Records past the count would be seen by other tools and not by this one: refuse, never ignore.
  if (at !== central.length) reject(`the central directory holds more than the ${count} records its end record counts`);
  return { entries, problems };
}

/** The values a ZIP64 extra field supplies for those the record left at 0xFFFFFFFF, in the spec's order. */
function zip64Values(
  extra: Buffer,
  values: { size: number; compressedSize: number; offset: number },
): typeof values | undefined {
  const result = { ...values };
  for (let x = 0; x + 4 <= extra.length;) {
    const id = extra.readUInt16LE(x);
    const length = extra.readUInt16LE(x + 2);
    if (id === ZIP64_EXTRA_ID) {
      let y = x + 4;
      for (const key of ['size', 'compressedSize', 'offset'] as const) {
        if (result[key] !== UINT32_MAX) continue;
        if (y + 8 > x + 4 + length) return undefined;
        result[key] = Number(extra.readBigUInt64LE(y));
        y += 8;
      }
    }
    x += 4 + length;
  }
  return result;
}

/**
 * What can only be judged on the whole set: duplicates and collisions, total size, ratios,
 * overlaps. Names are compared as bytes in name order (a map of every name was ~100 MB for a
 * million entries): exact duplicates are neighbours; only the names case folding or Unicode
 * normalisation changes (usually none) are looked up, by binary search, under their folded form.
 */
/**
 * Checks across the entries: names twice or colliding, zip bombs, overlaps. `onChecked` hears how
 * many entries each pass has been through (its sorts and passes take a second at a million).
 */
async function checkEntrySet(
  entries: ZipEntries,
  limits: ZipLimits,
  centralOffset: number,
  onChecked: (done: number) => void,
): Promise<string[]> {
  const found: { index: number; problem: string }[] = [];
  // Two passes over the entries: each reports its half of the count, so the count only grows.
  const passed = (pass: 0 | 1, at: number): void => {
    if (at % RECORDS_PER_REPORT === 0) onChecked(Math.floor((pass * entries.length + at) / 2));
  };
  onChecked(0);
  const byName = entries.byName();
  const quote = (index: number): string => JSON.stringify(entries.name(index));
  /** For an entry whose exact name an earlier one has, that earlier entry. */
  const firstOfName = new Map<number, number>();
  for (let at = 1; at < byName.length; at += 1) {
    if (sliceSpent(at)) await nextTurn();
    passed(0, at);
    const index = byName[at] as number;
    const previous = byName[at - 1] as number;
    if (entries.compareNames(previous, index) === 0) firstOfName.set(index, firstOfName.get(previous) ?? previous);
  }
  for (const index of firstOfName.keys()) found.push({ index, problem: `${quote(index)}: appears twice` });
  // Entries sharing a folded key: those whose name folding changes, and the one named the key itself.
  const groups = new Map<string, number[]>();
  for (let index = 0; index < entries.length; index += 1) {
    if (sliceSpent(index)) await nextTurn();
    passed(1, index);
    if (firstOfName.has(index)) continue;
    const name = entries.name(index);
    const key = collisionKey(name);
    if (key === name) continue;
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      const plain = firstNamed(entries, byName, Buffer.from(key, 'utf8'));
      if (plain >= 0) group.push(plain);
      groups.set(key, group);
    }
    group.push(index);
  }
  for (const group of groups.values()) {
    const [first, ...later] = group.sort((a, b) => a - b) as [number, ...number[]];
    for (const index of later)
      found.push({
        index,
        problem: `${quote(index)} and ${quote(first)} collide on a case-insensitive or Unicode-normalising file system`,
      });
  }
  let total = 0;
  for (let index = 0; index < entries.length; index += 1) {
    const size = entries.size(index);
    const compressed = entries.compressedSize(index);
    total += size;
    if (size > 1024 * 1024 && compressed > 0 && size / compressed > limits.maxEntryRatio)
      found.push({
        index,
        problem: `${quote(index)}: expands ${Math.round(size / compressed)}:1, beyond what real data does (a zip bomb)`,
      });
  }
  // In central-directory order, as a person reads the archive (a stable sort keeps each entry's own order).
  const problems = found.sort((a, b) => a.index - b.index).map((entry) => entry.problem);
  if (total > limits.maxTotalSize)
    problems.push(`expands to ${total} bytes; at most ${limits.maxTotalSize} are accepted`);
  // Entries must not overlap each other or the central directory (overlapping entries are a bomb technique).
  onChecked(entries.length);
  const byOffset = entries.byOffset(entries.all());
  // Nothing before the first entry: an archive that is also a script (a polyglot) is refused.
  if (byOffset.length > 0 && entries.offset(byOffset[0] as number) !== 0)
    problems.push(`${entries.offset(byOffset[0] as number)} bytes of data before the first entry`);
  for (let at = 0; at < byOffset.length; at += 1) {
    const index = byOffset[at] as number;
    const end =
      entries.offset(index) + LOCAL_HEADER_SIZE + entries.nameBytes(index).length + entries.compressedSize(index);
    const limit = at + 1 < byOffset.length ? entries.offset(byOffset[at + 1] as number) : centralOffset;
    if (end > limit) problems.push(`${quote(index)}: overlaps the next record`);
  }
  return problems;
}

/** The first entry (in central-directory order) named exactly `name`, found by binary search in `byName`; −1 if none. */
function firstNamed(entries: ZipEntries, byName: Uint32Array, name: Uint8Array): number {
  let low = 0;
  let high = byName.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries.compareName(byName[middle] as number, name) < 0) low = middle + 1;
    else high = middle;
  }
  return low < byName.length && entries.compareName(byName[low] as number, name) === 0 ? (byName[low] as number) : -1;
}
