// The deterministic ZIP format as an archiver format module (archiver's module interface:
// append(source, data, callback), finalize(), on(), pipe(), unpipe(); zip-writer.ts plugs it into
// an Archiver). Entries go in the order given, with fixed times and modes, UTF-8 names, no extra
// fields except ZIP64 where a size needs it (docs/FORMAT.md, "ZIP profile"). Entries arrive
// compressed already (compression runs in parallel elsewhere): a complete entry as one Buffer; a
// streamed one as a stream of chunks, its header written with the sizes known up front and patched
// with the CRC and compressed size afterwards (through `patch`, by the file sink), so there are no
// data descriptors and every reader sees sizes and CRCs in the local header.
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import {
  CENTRAL_HEADER_SIZE,
  EOCD_SIZE,
  FLAG_UTF8,
  LOCAL_HEADER_SIZE,
  S_IFREG,
  SIG,
  UINT16_MAX,
  UINT32_MAX,
  VERSION_MADE_BY,
  VERSION_NEEDED_DEFAULT,
  VERSION_NEEDED_ZIP64,
  ZIP64_EOCD_SIZE,
  ZIP64_EXTRA_ID,
  ZIP64_LOCATOR_SIZE,
  dosDateTime,
} from './zip-format';

export interface EntryInfo {
  name: string;
  executable: boolean;
  method: 0 | 8;
  crc32: number;
  size: number;
  compressedSize: number;
}

/** What the module needs beyond archiver's own entry data (name, date, mode). */
export type ZipEntrySpec =
  | { kind: 'complete'; info: EntryInfo }
  /**
   * Several complete entries in one archiver entry: archiver's queue costs an event-loop turn per
   * entry (~30 µs inside create), which for 100,000 tiny files was most of the time; small files
   * are appended in the batches they were compressed in.
   */
  | { kind: 'batch'; entries: readonly { info: EntryInfo; data: Buffer }[] }
  | {
      kind: 'streamed';
      name: string;
      executable: boolean;
      method: 0 | 8;
      size: number;
      /** The CRC-32 and compressed size, asked once the source has ended. */
      finish: () => { crc32: number; compressedSize: number };
    };

interface CentralRecord extends EntryInfo {
  nameBytes: Buffer;
  offset: number;
}

/**
 * A zero-filled buffer from Node's small-buffer pool: `Buffer.alloc` gives every header its own
 * ArrayBuffer, two per entry, each freed only by a full collection — a million entries left
 * hundreds of megabytes of them waiting at the end of a create.
 */
function zeroed(size: number): Buffer {
  return Buffer.allocUnsafe(size).fill(0);
}

const deflateRawAsync = promisify(deflateRaw);

/** Sizes at or above this get ZIP64 fields in the local header (margin for deflate's worst case). */
const LOCAL_ZIP64_THRESHOLD = 0xffff0000;

/**
 * The central directory as it will be written, kept as bytes in 1 MiB chunks: an object per entry
 * (name, a Buffer of it, sizes) cost ~300 bytes of heap each, which for 100,000s of files was
 * most of the writer's memory. Each record is serialised once its values are final, and each full
 * chunk is deflated (level 1, on the thread pool) until the end: records are alike, so a million
 * files' ~70 MB are held as ~11 MB, and inflated again one chunk at a time as they are written.
 */
class CentralDirectory {
  private static readonly CHUNK = 1024 * 1024;
  private readonly chunks: Promise<Buffer>[] = [];
  private current = Buffer.allocUnsafe(CentralDirectory.CHUNK);
  private used = 0;
  count = 0;

  add(record: Buffer): void {
    if (this.used + record.length > this.current.length) {
      const full = deflateRawAsync(this.current.subarray(0, this.used), { level: 1 });
      full.catch(() => undefined); // awaited by `chunksInOrder`
      this.chunks.push(full);
      this.current = Buffer.allocUnsafe(Math.max(CentralDirectory.CHUNK, record.length));
      this.used = 0;
    }
    record.copy(this.current, this.used);
    this.used += record.length;
    this.count += 1;
  }

  /** The records' bytes in order, a chunk at a time. */
  async *chunksInOrder(): AsyncGenerator<Buffer> {
    for (const chunk of this.chunks) yield inflateRawSync(await chunk);
    yield this.current.subarray(0, this.used);
  }
}

export class DeterministicZip {
  private readonly output = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly central = new CentralDirectory();
  /** Bytes emitted so far: the offset of the next record. */
  private offset = 0;
  private readonly dos: { date: number; time: number };
  /** The streamed entry's source while it is read, and what stops any wait on cancel. */
  private current: Readable | undefined;
  private cancelled: Error | undefined;
  private readonly onCancel: Promise<never>;
  private cancel: (error: Error) => void = () => undefined;

  constructor(
    modifiedAt: Date,
    /** Rewrites bytes already emitted (the file sink applies it once they are on disk). */
    private readonly patch: (offset: number, bytes: Buffer) => void,
  ) {
    this.dos = dosDateTime(modifiedAt);
    this.onCancel = new Promise<never>((_, reject) => (this.cancel = reject));
    this.onCancel.catch(() => undefined);
  }

  /** Stops the entry being written (the archive was aborted): its append fails at once. */
  abort(): void {
    this.cancelled ??= new Error('the archive was aborted');
    this.cancel(this.cancelled);
    this.current?.destroy(this.cancelled);
  }

  append(source: Buffer | Readable, data: { zip: ZipEntrySpec }, callback: (error?: Error) => void): void {
    this.appendEntry(source, data.zip).then(() => callback(), callback);
  }

  /** Writes the central directory and the end records, then ends the output (or fails it). */
  finalize(): void {
    this.writeEnd().then(
      () => this.output.end(),
      (error: unknown) => this.output.destroy(error as Error),
    );
  }

  private async writeEnd(): Promise<void> {
    const centralStart = this.offset;
    for await (const chunk of this.central.chunksInOrder()) await this.emitAndWait(chunk);
    const centralSize = this.offset - centralStart;
    const needZip64 = this.central.count >= UINT16_MAX || centralStart >= UINT32_MAX || centralSize >= UINT32_MAX;
    if (needZip64) this.emit(this.zip64End(centralStart, centralSize));
    this.emit(this.end(centralStart, centralSize, needZip64));
  }

  on(event: string, listener: (...args: unknown[]) => void): this {
    this.output.on(event, listener);
    return this;
  }

  pipe<T extends NodeJS.WritableStream>(destination: T): T {
    return this.output.pipe(destination);
  }

  unpipe(destination?: NodeJS.WritableStream): this {
    this.output.unpipe(destination);
    return this;
  }

  private async appendEntry(source: Buffer | Readable, spec: ZipEntrySpec): Promise<void> {
    if (this.cancelled !== undefined) throw this.cancelled;
    if (spec.kind === 'complete') {
      await this.appendBatch([{ info: spec.info, data: source as Buffer }]);
      return;
    }
    if (spec.kind === 'batch') {
      await this.appendBatch(spec.entries);
      return;
    }
    const provisional = this.record({ ...spec, crc32: 0, compressedSize: 0 });
    const zip64 = spec.size >= LOCAL_ZIP64_THRESHOLD;
    this.emit(this.localHeader(provisional, zip64));
    this.current = source as Readable;
    try {
      for await (const chunk of source as Readable) await this.emitAndWait(chunk as Buffer);
    } finally {
      this.current = undefined;
    }
    const { crc32, compressedSize } = spec.finish();
    const record = { ...provisional, crc32, compressedSize };
    if (!zip64 && compressedSize >= UINT32_MAX)
      throw new Error(`${record.name}: compressed data grew past 4 GiB without ZIP64 fields`);
    this.patch(record.offset, this.localHeader(record, zip64));
    this.central.add(this.centralHeader(record));
  }

  /**
   * Several complete entries, headers and data, emitted as one buffer: a header and a data chunk
   * per tiny file were ~70,000 small Buffers waiting in the streams' 1 MiB queues at a time, kept
   * long enough to reach the old generation — a million-file create's heap grew by ~130 MB of them.
   */
  private async appendBatch(entries: readonly { info: EntryInfo; data: Buffer }[]): Promise<void> {
    const pieces: Buffer[] = [];
    let at = this.offset;
    for (const { info, data } of entries) {
      const record = this.record(info, at);
      const zip64 = info.size >= LOCAL_ZIP64_THRESHOLD || info.compressedSize >= LOCAL_ZIP64_THRESHOLD;
      const header = this.localHeader(record, zip64);
      this.central.add(this.centralHeader(record));
      pieces.push(header, data);
      at += header.length + data.length;
    }
    await this.emitAndWait(Buffer.concat(pieces, at - this.offset));
  }

  private emit(buffer: Buffer): boolean {
    this.offset += buffer.length;
    return this.output.write(buffer);
  }

  /** Emits, and waits while the output is full (backpressure from archiver and the file). */
  private async emitAndWait(buffer: Buffer): Promise<void> {
    if (this.cancelled !== undefined) throw this.cancelled;
    if (!this.emit(buffer)) await Promise.race([once(this.output, 'drain'), this.onCancel]);
  }

  private record(info: EntryInfo, offset = this.offset): CentralRecord {
    const nameBytes = Buffer.from(info.name, 'utf8');
    if (nameBytes.length > UINT16_MAX) throw new Error(`entry name too long: ${info.name.slice(0, 80)}…`);
    return {
      name: info.name,
      executable: info.executable,
      method: info.method,
      crc32: info.crc32,
      size: info.size,
      compressedSize: info.compressedSize,
      nameBytes,
      offset,
    };
  }

  private localHeader(record: CentralRecord, zip64: boolean): Buffer {
    const extraLength = zip64 ? 20 : 0;
    const header = zeroed(LOCAL_HEADER_SIZE + record.nameBytes.length + extraLength);
    header.writeUInt32LE(SIG.localHeader, 0);
    header.writeUInt16LE(zip64 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED_DEFAULT, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(record.method, 8);
    header.writeUInt16LE(this.dos.time, 10);
    header.writeUInt16LE(this.dos.date, 12);
    header.writeUInt32LE(record.crc32 >>> 0, 14);
    header.writeUInt32LE(zip64 ? UINT32_MAX : record.compressedSize, 18);
    header.writeUInt32LE(zip64 ? UINT32_MAX : record.size, 22);
    header.writeUInt16LE(record.nameBytes.length, 26);
    header.writeUInt16LE(extraLength, 28);
    record.nameBytes.copy(header, LOCAL_HEADER_SIZE);
    if (zip64) {
      const at = LOCAL_HEADER_SIZE + record.nameBytes.length;
      header.writeUInt16LE(ZIP64_EXTRA_ID, at);
      header.writeUInt16LE(16, at + 2);
      header.writeBigUInt64LE(BigInt(record.size), at + 4);
      header.writeBigUInt64LE(BigInt(record.compressedSize), at + 12);
    }
    return header;
  }

  private centralHeader(record: CentralRecord): Buffer {
    // ZIP64 fields appear only for the values that overflow, in the order the spec fixes.
    const overflow = [record.size, record.compressedSize, record.offset].map((value) => value >= UINT32_MAX);
    const zip64Values = [record.size, record.compressedSize, record.offset].filter((_, index) => overflow[index]);
    const extraLength = zip64Values.length > 0 ? 4 + 8 * zip64Values.length : 0;
    const header = zeroed(CENTRAL_HEADER_SIZE + record.nameBytes.length + extraLength);
    header.writeUInt32LE(SIG.centralHeader, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(zip64Values.length > 0 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED_DEFAULT, 6);
    header.writeUInt16LE(FLAG_UTF8, 8);
    header.writeUInt16LE(record.method, 10);
    header.writeUInt16LE(this.dos.time, 12);
    header.writeUInt16LE(this.dos.date, 14);
    header.writeUInt32LE(record.crc32 >>> 0, 16);
    header.writeUInt32LE(overflow[1] === true ? UINT32_MAX : record.compressedSize, 20);
    header.writeUInt32LE(overflow[0] === true ? UINT32_MAX : record.size, 24);
    header.writeUInt16LE(record.nameBytes.length, 28);
    header.writeUInt16LE(extraLength, 30);
    // comment length, disk number start, internal attributes: 0
    header.writeUInt32LE(((S_IFREG | (record.executable ? 0o755 : 0o644)) << 16) >>> 0, 38);
    header.writeUInt32LE(overflow[2] === true ? UINT32_MAX : record.offset, 42);
    record.nameBytes.copy(header, CENTRAL_HEADER_SIZE);
    if (zip64Values.length > 0) {
      let at = CENTRAL_HEADER_SIZE + record.nameBytes.length;
      header.writeUInt16LE(ZIP64_EXTRA_ID, at);
      header.writeUInt16LE(8 * zip64Values.length, at + 2);
      at += 4;
      for (const value of zip64Values) {
        header.writeBigUInt64LE(BigInt(value), at);
        at += 8;
      }
    }
    return header;
  }

  private zip64End(centralStart: number, centralSize: number): Buffer {
    const recordOffset = this.offset;
    const record = Buffer.alloc(ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE);
    record.writeUInt32LE(SIG.zip64EndOfCentralDirectory, 0);
    record.writeBigUInt64LE(BigInt(ZIP64_EOCD_SIZE - 12), 4);
    record.writeUInt16LE(VERSION_MADE_BY, 12);
    record.writeUInt16LE(VERSION_NEEDED_ZIP64, 14);
    // disk numbers: 0
    record.writeBigUInt64LE(BigInt(this.central.count), 24);
    record.writeBigUInt64LE(BigInt(this.central.count), 32);
    record.writeBigUInt64LE(BigInt(centralSize), 40);
    record.writeBigUInt64LE(BigInt(centralStart), 48);
    record.writeUInt32LE(SIG.zip64Locator, ZIP64_EOCD_SIZE);
    record.writeBigUInt64LE(BigInt(recordOffset), ZIP64_EOCD_SIZE + 8);
    record.writeUInt32LE(1, ZIP64_EOCD_SIZE + 16);
    return record;
  }

  private end(centralStart: number, centralSize: number, zip64: boolean): Buffer {
    const record = Buffer.alloc(EOCD_SIZE);
    record.writeUInt32LE(SIG.endOfCentralDirectory, 0);
    const count = zip64 ? UINT16_MAX : this.central.count;
    record.writeUInt16LE(count, 8);
    record.writeUInt16LE(count, 10);
    record.writeUInt32LE(zip64 ? UINT32_MAX : centralSize, 12);
    record.writeUInt32LE(zip64 ? UINT32_MAX : centralStart, 16);
    return record;
  }
}
