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
import { CentralDirectory } from './central-directory';
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

/** An entry's values as its headers record them. */
interface HeaderFields extends EntryInfo {
  /** The name's length in UTF-8. */
  nameLength: number;
  /** Where its local header starts. */
  offset: number;
}

/** Sizes at or above this get ZIP64 fields in the local header (margin for deflate's worst case). */
const LOCAL_ZIP64_THRESHOLD = 0xffff0000;

export class DeterministicZip {
  private readonly output = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly central: CentralDirectory;
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
    /** Resolves once the bytes before `offset` are on disk (and no longer held by the streams). */
    private readonly written: (offset: number) => Promise<void>,
    /** A name beside the archive for the central directory's spool (central-directory.ts). */
    spoolPath: string,
  ) {
    this.central = new CentralDirectory(spoolPath);
    this.dos = dosDateTime(modifiedAt);
    this.onCancel = new Promise<never>((_, reject) => (this.cancel = reject));
    this.onCancel.catch(() => undefined);
  }

  /** Stops the entry being written (the archive was aborted): its append fails at once. */
  abort(): void {
    this.cancelled ??= new Error('the archive was aborted');
    this.cancel(this.cancelled);
    this.current?.destroy(this.cancelled);
    this.central.close();
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
    // Where each chunk read back ends: its buffer is read into again once the file holds it.
    const ends: number[] = [];
    try {
      const released = (chunk: number): Promise<void> =>
        Promise.race([this.written(ends[chunk] as number), this.onCancel]);
      for await (const chunk of this.central.chunks(released)) {
        await this.emitAndWait(chunk);
        ends.push(this.offset);
      }
    } finally {
      this.central.close();
    }
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
    const provisional = this.fields({ ...spec, crc32: 0, compressedSize: 0 }, this.offset);
    const zip64 = spec.size >= LOCAL_ZIP64_THRESHOLD;
    this.emit(this.localHeader(provisional, zip64));
    this.current = source as Readable;
    try {
      for await (const chunk of source as Readable) await this.emitAndWait(chunk as Buffer);
    } finally {
      this.current = undefined;
    }
    const { crc32, compressedSize } = spec.finish();
    const fields: HeaderFields = { ...provisional, crc32, compressedSize };
    if (!zip64 && compressedSize >= UINT32_MAX)
      throw new Error(`${fields.name}: compressed data grew past 4 GiB without ZIP64 fields`);
    const header = this.localHeader(fields, zip64);
    this.patch(fields.offset, header);
    this.addCentralRecord(fields, header, LOCAL_HEADER_SIZE);
  }

  /**
   * Several complete entries, headers and data, emitted as one buffer: a header and a data chunk
   * per tiny file were ~70,000 small Buffers waiting in the streams' 1 MiB queues at a time, kept
   * long enough to reach the old generation — a million-file create's heap grew by ~130 MB of them.
   */
  private async appendBatch(entries: readonly { info: EntryInfo; data: Buffer }[]): Promise<void> {
    // One buffer for the batch, each header written into it in place (an object, a name Buffer
    // and two header Buffers per entry were most of the archive's main-thread time at 100,000 files).
    let total = 0;
    const nameLengths = new Uint32Array(entries.length);
    entries.forEach(({ info, data }, index) => {
      const nameLength = Buffer.byteLength(info.name, 'utf8');
      nameLengths[index] = nameLength;
      total += LOCAL_HEADER_SIZE + nameLength + (localZip64(info) ? LOCAL_ZIP64_EXTRA : 0) + data.length;
    });
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    entries.forEach(({ info, data }, index) => {
      const fields = this.fields(info, this.offset + at, nameLengths[index]);
      const headerEnd = writeLocalHeader(out, at, fields, localZip64(info), this.dos);
      this.addCentralRecord(fields, out, at + LOCAL_HEADER_SIZE);
      at = headerEnd + data.copy(out, headerEnd);
    });
    await this.emitAndWait(out);
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

  private fields(info: EntryInfo, offset: number, nameLength = Buffer.byteLength(info.name, 'utf8')): HeaderFields {
    if (nameLength > UINT16_MAX) throw new Error(`entry name too long: ${info.name.slice(0, 80)}…`);
    // Spelled out: spreading entries of several shapes took ~1.3 µs each (100,000 files: 0.13 s).
    const { name, executable, method, crc32, size, compressedSize } = info;
    return { name, executable, method, crc32, size, compressedSize, nameLength, offset };
  }

  private localHeader(fields: HeaderFields, zip64: boolean): Buffer {
    const header = Buffer.allocUnsafe(LOCAL_HEADER_SIZE + fields.nameLength + (zip64 ? LOCAL_ZIP64_EXTRA : 0));
    writeLocalHeader(header, 0, fields, zip64, this.dos);
    return header;
  }

  /** The entry's central record, its name copied from `names` at `nameAt` (its local header's). */
  private addCentralRecord(fields: HeaderFields, names: Buffer, nameAt: number): void {
    // ZIP64 fields appear only for the values that overflow, in the order the spec fixes.
    const sizeOver = fields.size >= UINT32_MAX;
    const compressedOver = fields.compressedSize >= UINT32_MAX;
    const offsetOver = fields.offset >= UINT32_MAX;
    const zip64Count = Number(sizeOver) + Number(compressedOver) + Number(offsetOver);
    const extraLength = zip64Count > 0 ? 4 + 8 * zip64Count : 0;
    const length = CENTRAL_HEADER_SIZE + fields.nameLength + extraLength;
    const out = this.central.room(length);
    const at = this.central.offset;
    out.writeUInt32LE(SIG.centralHeader, at);
    out.writeUInt16LE(VERSION_MADE_BY, at + 4);
    out.writeUInt16LE(zip64Count > 0 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED_DEFAULT, at + 6);
    out.writeUInt16LE(FLAG_UTF8, at + 8);
    out.writeUInt16LE(fields.method, at + 10);
    out.writeUInt16LE(this.dos.time, at + 12);
    out.writeUInt16LE(this.dos.date, at + 14);
    out.writeUInt32LE(fields.crc32 >>> 0, at + 16);
    out.writeUInt32LE(compressedOver ? UINT32_MAX : fields.compressedSize, at + 20);
    out.writeUInt32LE(sizeOver ? UINT32_MAX : fields.size, at + 24);
    out.writeUInt16LE(fields.nameLength, at + 28);
    out.writeUInt16LE(extraLength, at + 30);
    out.fill(0, at + 32, at + 38); // comment length, disk number start, internal attributes
    out.writeUInt32LE(((S_IFREG | (fields.executable ? 0o755 : 0o644)) << 16) >>> 0, at + 38);
    out.writeUInt32LE(offsetOver ? UINT32_MAX : fields.offset, at + 42);
    names.copy(out, at + CENTRAL_HEADER_SIZE, nameAt, nameAt + fields.nameLength);
    if (zip64Count > 0) {
      let extra = at + CENTRAL_HEADER_SIZE + fields.nameLength;
      out.writeUInt16LE(ZIP64_EXTRA_ID, extra);
      out.writeUInt16LE(8 * zip64Count, extra + 2);
      extra += 4;
      for (const [over, value] of [
        [sizeOver, fields.size],
        [compressedOver, fields.compressedSize],
        [offsetOver, fields.offset],
      ] as const)
        if (over) extra = out.writeBigUInt64LE(BigInt(value), extra);
    }
    this.central.added(length);
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

/** The ZIP64 extra field of a local header: both sizes. */
const LOCAL_ZIP64_EXTRA = 20;

function localZip64(info: EntryInfo): boolean {
  return info.size >= LOCAL_ZIP64_THRESHOLD || info.compressedSize >= LOCAL_ZIP64_THRESHOLD;
}

/** Writes the entry's local header, name included, at `at`; returns where its data goes. */
function writeLocalHeader(
  out: Buffer,
  at: number,
  fields: HeaderFields,
  zip64: boolean,
  dos: { date: number; time: number },
): number {
  out.writeUInt32LE(SIG.localHeader, at);
  out.writeUInt16LE(zip64 ? VERSION_NEEDED_ZIP64 : VERSION_NEEDED_DEFAULT, at + 4);
  out.writeUInt16LE(FLAG_UTF8, at + 6);
  out.writeUInt16LE(fields.method, at + 8);
  out.writeUInt16LE(dos.time, at + 10);
  out.writeUInt16LE(dos.date, at + 12);
  out.writeUInt32LE(fields.crc32 >>> 0, at + 14);
  out.writeUInt32LE(zip64 ? UINT32_MAX : fields.compressedSize, at + 18);
  out.writeUInt32LE(zip64 ? UINT32_MAX : fields.size, at + 22);
  out.writeUInt16LE(fields.nameLength, at + 26);
  out.writeUInt16LE(zip64 ? LOCAL_ZIP64_EXTRA : 0, at + 28);
  const nameEnd = at + LOCAL_HEADER_SIZE + out.write(fields.name, at + LOCAL_HEADER_SIZE, 'utf8');
  if (!zip64) return nameEnd;
  out.writeUInt16LE(ZIP64_EXTRA_ID, nameEnd);
  out.writeUInt16LE(16, nameEnd + 2);
  out.writeBigUInt64LE(BigInt(fields.size), nameEnd + 4);
  out.writeBigUInt64LE(BigInt(fields.compressedSize), nameEnd + 12);
  return nameEnd + LOCAL_ZIP64_EXTRA;
}
