// A deterministic ZIP writer over a file handle: entries go in the order given, with fixed
// times and modes, UTF-8 names, no extra fields except ZIP64 where a size needs it. Small
// entries arrive complete (compressed elsewhere, in parallel); large ones are streamed and their
// local header is patched in place afterwards, so no data descriptors are needed and every
// reader (unzip, Python, Java) sees sizes and CRCs up front.
import type { FileHandle } from 'node:fs/promises';
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

interface CentralRecord extends EntryInfo {
  nameBytes: Buffer;
  offset: number;
}

/** Sizes at or above this get ZIP64 fields in the local header (margin for deflate's worst case). */
const LOCAL_ZIP64_THRESHOLD = 0xffff0000;
const FLUSH_BYTES = 4 * 1024 * 1024;

export class ZipWriter {
  private readonly central: CentralRecord[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes written or queued so far: the offset of the next record. */
  private offset = 0;
  private readonly dos: { date: number; time: number };
  private streaming: { record: CentralRecord; zip64: boolean } | undefined;

  constructor(
    private readonly handle: FileHandle,
    modifiedAt: Date,
  ) {
    this.dos = dosDateTime(modifiedAt);
  }

  get bytesWritten(): number {
    return this.offset;
  }

  /** Adds an entry whose (compressed) data is complete in memory. */
  async addEntry(info: EntryInfo, data: Buffer): Promise<void> {
    this.assertNotStreaming();
    const record = this.record(info);
    const zip64 = info.size >= LOCAL_ZIP64_THRESHOLD || info.compressedSize >= LOCAL_ZIP64_THRESHOLD;
    this.queue(this.localHeader(record, zip64));
    this.queue(data);
    this.central.push(record);
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /**
   * Starts an entry whose data follows in chunks. The header is written with the method and
   * size known now; CRC and compressed size are patched in by `endStreamedEntry`.
   */
  async beginStreamedEntry(name: string, executable: boolean, method: 0 | 8, size: number): Promise<void> {
    this.assertNotStreaming();
    await this.flush();
    const record = this.record({ name, executable, method, crc32: 0, size, compressedSize: 0 });
    const zip64 = size >= LOCAL_ZIP64_THRESHOLD;
    this.streaming = { record, zip64 };
    this.queue(this.localHeader(record, zip64));
  }

  async writeStreamedData(chunk: Buffer): Promise<void> {
    if (this.streaming === undefined) throw new Error('writeStreamedData outside a streamed entry');
    this.queue(chunk);
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async endStreamedEntry(crc32: number, compressedSize: number): Promise<void> {
    const streaming = this.streaming;
    if (streaming === undefined) throw new Error('endStreamedEntry outside a streamed entry');
    await this.flush();
    const record = { ...streaming.record, crc32, compressedSize };
    if (!streaming.zip64 && compressedSize >= UINT32_MAX) {
      throw new Error(`${record.name}: compressed data grew past 4 GiB without ZIP64 fields`);
    }
    const header = this.localHeader(record, streaming.zip64);
    await this.handle.write(header, 0, header.length, record.offset);
    this.central.push(record);
    this.streaming = undefined;
  }

  /** Writes the central directory and end records, and flushes everything. */
  async finish(): Promise<void> {
    this.assertNotStreaming();
    const centralStart = this.offset;
    for (const record of this.central) this.queue(this.centralHeader(record));
    const centralSize = this.offset - centralStart;
    const needZip64 = this.central.length >= UINT16_MAX || centralStart >= UINT32_MAX || centralSize >= UINT32_MAX;
    if (needZip64) this.queue(this.zip64End(centralStart, centralSize));
    this.queue(this.end(centralStart, centralSize, needZip64));
    await this.flush();
  }

  private record(info: EntryInfo): CentralRecord {
    const nameBytes = Buffer.from(info.name, 'utf8');
    if (nameBytes.length > UINT16_MAX) throw new Error(`entry name too long: ${info.name.slice(0, 80)}…`);
    return { ...info, nameBytes, offset: this.offset };
  }

  private localHeader(record: CentralRecord, zip64: boolean): Buffer {
    const extraLength = zip64 ? 20 : 0;
    const header = Buffer.alloc(LOCAL_HEADER_SIZE + record.nameBytes.length + extraLength);
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
    const header = Buffer.alloc(CENTRAL_HEADER_SIZE + record.nameBytes.length + extraLength);
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
    record.writeBigUInt64LE(BigInt(this.central.length), 24);
    record.writeBigUInt64LE(BigInt(this.central.length), 32);
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
    const count = zip64 ? UINT16_MAX : this.central.length;
    record.writeUInt16LE(count, 8);
    record.writeUInt16LE(count, 10);
    record.writeUInt32LE(zip64 ? UINT32_MAX : centralSize, 12);
    record.writeUInt32LE(zip64 ? UINT32_MAX : centralStart, 16);
    return record;
  }

  private queue(buffer: Buffer): void {
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.offset += buffer.length;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const buffers = this.pending;
    const position = this.offset - this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    let written = 0;
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    // writev may write less than asked; continue from where it stopped.
    while (written < total) {
      const { bytesWritten } = await this.handle.writev(sliceBuffers(buffers, written), position + written);
      if (bytesWritten === 0) throw new Error('write made no progress');
      written += bytesWritten;
    }
  }

  private assertNotStreaming(): void {
    if (this.streaming !== undefined) throw new Error(`entry ${this.streaming.record.name} is still being streamed`);
  }
}

function sliceBuffers(buffers: Buffer[], skip: number): Buffer[] {
  if (skip === 0) return buffers;
  const out: Buffer[] = [];
  let remaining = skip;
  for (const buffer of buffers) {
    if (remaining >= buffer.length) {
      remaining -= buffer.length;
      continue;
    }
    out.push(remaining > 0 ? buffer.subarray(remaining) : buffer);
    remaining = 0;
  }
  return out;
}
