// A ZIP archive's entries as the central directory gives them, kept as columns (names as UTF-8
// bytes, numbers in typed arrays): an object and a string per entry were ~200 bytes each, most of
// a million-entry bundle's memory while it was verified. An entry is made as an object only when
// asked for, one at a time.
import { compareBytes, compareRowTo, compareRows, rowStart, type FileTable } from '../../shared/file-table';

export interface ZipEntry {
  /** The entry's place in the central directory. */
  index: number;
  name: string;
  method: number;
  crc32: number;
  size: number;
  compressedSize: number;
  offset: number;
  /** General-purpose flags, as the central directory gives them (the local header must agree). */
  flags: number;
  executable: boolean;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

const TWO_32 = 2 ** 32;

/**
 * A column of sizes or offsets (ZIP64: up to 2⁶⁴ − 1, read as safe integers): the low 32 bits of
 * each, and the high bits only once one needs them (an archive past 4 GiB) — a million entries'
 * three such columns take 12 MB instead of 24 as 64-bit floats.
 */
class LargeNumbers {
  private readonly low: Uint32Array;
  private high: Uint32Array | undefined;

  constructor(private readonly capacity: number) {
    this.low = new Uint32Array(capacity);
  }

  set(index: number, value: number): void {
    this.low[index] = value >>> 0;
    if (value < TWO_32 && this.high === undefined) return;
    this.high ??= new Uint32Array(this.capacity);
    this.high[index] = Math.floor(value / TWO_32);
  }

  get(index: number): number {
    const low = this.low[index] as number;
    return this.high === undefined ? low : (this.high[index] as number) * TWO_32 + low;
  }
}

export class ZipEntries implements Iterable<ZipEntry> {
  private readonly names: Uint8Array;
  private readonly nameEnds: Uint32Array;
  private readonly methods: Uint16Array;
  private readonly flagBits: Uint16Array;
  private readonly crcs: Uint32Array;
  private readonly sizes: LargeNumbers;
  private readonly compressedSizes: LargeNumbers;
  private readonly offsets: LargeNumbers;
  private readonly modes: Uint8Array;
  private used = 0;
  private nameOrder: Uint32Array | undefined;
  length = 0;

  /** Room for `capacity` entries whose names take at most `nameBytes` bytes in all (the central directory says both). */
  constructor(capacity: number, nameBytes: number) {
    this.names = new Uint8Array(nameBytes);
    this.nameEnds = new Uint32Array(capacity);
    this.methods = new Uint16Array(capacity);
    this.flagBits = new Uint16Array(capacity);
    this.crcs = new Uint32Array(capacity);
    this.sizes = new LargeNumbers(capacity);
    this.compressedSizes = new LargeNumbers(capacity);
    this.offsets = new LargeNumbers(capacity);
    this.modes = new Uint8Array(capacity);
  }

  /** Adds an entry (the reader, while it parses the central directory). */
  push(name: Uint8Array, values: Omit<ZipEntry, 'index' | 'name'>): void {
    const index = this.length;
    this.nameOrder = undefined;
    this.names.set(name, this.used);
    this.used += name.length;
    this.nameEnds[index] = this.used;
    this.methods[index] = values.method;
    this.flagBits[index] = values.flags;
    this.crcs[index] = values.crc32 >>> 0;
    this.sizes.set(index, values.size);
    this.compressedSizes.set(index, values.compressedSize);
    this.offsets.set(index, values.offset);
    this.modes[index] = values.executable ? 1 : 0;
    this.length += 1;
  }

  private nameStart(index: number): number {
    return rowStart(this.nameEnds, index);
  }

  /** The name's UTF-8 bytes (a view, not a copy). */
  /** Whether entry `index` is named by the `length` bytes of `data` from `at` (compared in place). */
  nameIs(index: number, data: Buffer, at: number, length: number): boolean {
    const start = this.nameStart(index);
    const end = this.nameEnds[index] as number;
    return end - start === length && data.compare(this.names, start, end, at, at + length) === 0;
  }

  nameBytes(index: number): Uint8Array {
    return this.names.subarray(this.nameStart(index), this.nameEnds[index]);
  }

  name(index: number): string {
    return decoder.decode(this.nameBytes(index));
  }

  size(index: number): number {
    return this.sizes.get(index);
  }

  compressedSize(index: number): number {
    return this.compressedSizes.get(index);
  }

  offset(index: number): number {
    return this.offsets.get(index);
  }

  method(index: number): number {
    return this.methods[index] as number;
  }

  crc32(index: number): number {
    return this.crcs[index] as number;
  }

  flags(index: number): number {
    return this.flagBits[index] as number;
  }

  executable(index: number): boolean {
    return this.modes[index] === 1;
  }

  at(index: number): ZipEntry | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return {
      index,
      name: this.name(index),
      method: this.methods[index] as number,
      crc32: this.crcs[index] as number,
      size: this.sizes.get(index),
      compressedSize: this.compressedSizes.get(index),
      offset: this.offsets.get(index),
      flags: this.flagBits[index] as number,
      executable: this.modes[index] === 1,
    };
  }

  /** The first entry named `name`, or −1 (a scan of the bytes: for the few entries looked up by name). */
  indexOf(name: string): number {
    const wanted = encoder.encode(name);
    for (let index = 0; index < this.length; index += 1) {
      const start = this.nameStart(index);
      const end = this.nameEnds[index] as number;
      if (end - start === wanted.length && compareBytes(this.names, start, end, wanted, 0, wanted.length) === 0)
        return index;
    }
    return -1;
  }

  /** Orders two entries by name, in JavaScript's string order (the order file lists are sorted in). */
  compareNames(a: number, b: number): number {
    return compareRows(this.names, this.nameEnds, a, b);
  }

  /** Orders entry `index`'s name against other bytes, in the same order. */
  compareName(index: number, other: Uint8Array): number {
    return compareRowTo(this.names, this.nameEnds, index, other);
  }

  /** Orders entry `index`'s name against path `row` of a file table, in the same order (no view made). */
  compareNameToRow(index: number, table: FileTable, row: number): number {
    return -table.comparePathTo(row, this.names, this.nameStart(index), this.nameEnds[index] as number);
  }

  /** Every entry's index, in central-directory order. */
  all(): Uint32Array {
    return Uint32Array.from({ length: this.length }, (_, index) => index);
  }

  /**
   * Every entry's index sorted by name, ties in central-directory order (a writer's archive is
   * sorted already); worked out once (opening checks collisions with it, verify joins with it).
   */
  byName(): Uint32Array {
    this.nameOrder ??= this.sortByName(this.all());
    return this.nameOrder;
  }

  private sortByName(indices: Uint32Array): Uint32Array {
    let sorted = true;
    for (let at = 1; at < indices.length && sorted; at += 1)
      sorted = this.compareNames(indices[at - 1] as number, indices[at] as number) <= 0;
    if (sorted) return indices;
    return Uint32Array.from(Array.from(indices).sort((a, b) => this.compareNames(a, b) || a - b));
  }

  /** The indices sorted by where their data lies (the order to read them in). */
  byOffset(indices: ArrayLike<number>): ArrayLike<number> {
    let sorted = true;
    for (let at = 1; at < indices.length && sorted; at += 1)
      sorted = this.offset(indices[at - 1] as number) <= this.offset(indices[at] as number);
    if (sorted) return indices;
    return Array.from(indices).sort((a, b) => this.offset(a) - this.offset(b) || a - b);
  }

  *[Symbol.iterator](): Iterator<ZipEntry> {
    for (let index = 0; index < this.length; index += 1) yield this.at(index) as ZipEntry;
  }
}
