// A bundle's file list held without an object per file (issue 18): paths as UTF-8 bytes end to
// end, sizes, SHA-256 digests as raw bytes and exec bits in typed arrays, sorted by path. A million
// files take ~70 MB here against ~190 MB as objects with hex strings (and ~500 MB once the copies
// each step made are counted). Files are materialised one at a time, only when asked for. Used by
// the loaded manifest, the writer's sealing and the reader's file-list check alike.
// Hand-written: no library keeps a sorted string table in typed arrays, and this one must stay
// free of Node built-ins (main/shared).

/** One file as the manifest lists it (manifest.ts's schema gives the same shape). */
export interface TableFile {
  path: string;
  size: number;
  sha256: string;
  executable: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** The hex digits' character codes. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** `array` with room for `needed` (when it has less): half as much again, or `exactly` that. */
export function grow<T extends Uint8Array | Uint32Array | Float64Array>(
  array: T,
  needed: number,
  make: (n: number) => T,
  exactly = false,
): T {
  if (needed <= array.length) return array;
  const next = make(exactly ? needed : Math.max(needed, Math.ceil(array.length * 1.5), 1024));
  next.set(array);
  return next;
}

function hexToBytes(hex: string, into: Uint8Array, at: number): void {
  for (let i = 0; i < 32; i += 1) into[at + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

/**
 * The order the format sorts by: JavaScript's string order (UTF-16 code units), taken from the
 * UTF-8 bytes. Byte order is code point order, which differs from UTF-16 order only between
 * characters above U+FFFF and those in U+E000–U+FFFF: both start with a lead byte ≥ 0xEE, and only
 * then are the two paths decoded and compared as strings.
 */
export function compareBytes(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < length; i += 1) {
    const x = a[aStart + i] as number;
    const y = b[bStart + i] as number;
    if (x === y) continue;
    if (x >= 0xee && y >= 0xee) {
      const left = decoder.decode(a.subarray(aStart, aEnd));
      const right = decoder.decode(b.subarray(bStart, bEnd));
      return left < right ? -1 : left > right ? 1 : 0;
    }
    return x - y;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/** Where path `index` starts in a column of paths one after another, `ends[i]` where path i ends. */
export function rowStart(ends: Uint32Array, index: number): number {
  return index === 0 ? 0 : (ends[index - 1] as number);
}

/** Orders paths `a` and `b` of one such column, in the format's order. */
export function compareRows(names: Uint8Array, ends: Uint32Array, a: number, b: number): number {
  return compareBytes(names, rowStart(ends, a), ends[a] as number, names, rowStart(ends, b), ends[b] as number);
}

/** Orders path `index` of such a column against other bytes, in the format's order. */
export function compareRowTo(names: Uint8Array, ends: Uint32Array, index: number, other: Uint8Array): number {
  return compareBytes(names, rowStart(ends, index), ends[index] as number, other, 0, other.length);
}

/**
 * Where `wanted` is among the first `count` paths of a sorted column (the first of equal ones), or
 * −1: a binary search in the format's order.
 */
export function findRow(names: Uint8Array, ends: Uint32Array, count: number, wanted: Uint8Array): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareRowTo(names, ends, middle, wanted);
    if (order < 0) low = middle + 1;
    else {
      if (order === 0) found = middle;
      high = middle - 1;
    }
  }
  return found;
}

export class FileTable implements Iterable<TableFile> {
  /** Sorted columns, as FileTableBuilder.build makes them: build tables with the builder. */
  constructor(
    /** UTF-8 paths, one after another. */
    private readonly names: Uint8Array,
    /** Where path i ends in `names` (it starts where path i − 1 ends). */
    private readonly ends: Uint32Array,
    private readonly sizes: Float64Array,
    private readonly digests: Uint8Array,
    private readonly modes: Uint8Array,
    readonly length: number,
  ) {}

  static readonly empty = new FileTable(
    new Uint8Array(0),
    new Uint32Array(0),
    new Float64Array(0),
    new Uint8Array(0),
    new Uint8Array(0),
    0,
  );

  /** A table of these files, sorted by path (objects: tests, v1 manifests, small lists). */
  static of(files: Iterable<TableFile>): FileTable {
    const builder = new FileTableBuilder();
    for (const file of files) builder.add(file.path, file.size, file.sha256, file.executable);
    return builder.build();
  }

  private start(index: number): number {
    return rowStart(this.ends, index);
  }

  path(index: number): string {
    return decoder.decode(this.pathBytes(index));
  }

  /** The path's UTF-8 bytes (a view, not a copy). */
  pathBytes(index: number): Uint8Array {
    return this.names.subarray(this.start(index), this.ends[index]);
  }

  /** The path's length in UTF-8 bytes. */
  pathLength(index: number): number {
    return (this.ends[index] as number) - this.start(index);
  }

  /**
   * Copies the path's UTF-8 bytes into `out` at `at`; returns where they end. Byte by byte: the
   * lists write a million paths, and a view per path (or a native copy call) cost more than the
   * copy of ~30 bytes itself.
   */
  writePath(index: number, out: Uint8Array, at: number): number {
    const names = this.names;
    let to = at;
    for (let from = this.start(index), end = this.ends[index] as number; from < end; from += 1, to += 1)
      out[to] = names[from] as number;
    return to;
  }

  /** Writes the SHA-256 as 64 lowercase hex digits into `out` at `at`; returns where they end. */
  writeDigestHex(index: number, out: Uint8Array, at: number): number {
    const digests = this.digests;
    for (let from = index * 32, to = at; from < index * 32 + 32; from += 1, to += 2) {
      const byte = digests[from] as number;
      out[to] = HEX_DIGITS[byte >> 4] as number;
      out[to + 1] = HEX_DIGITS[byte & 15] as number;
    }
    return at + 64;
  }

  size(index: number): number {
    return this.sizes[index] as number;
  }

  executable(index: number): boolean {
    return this.modes[index] === 1;
  }

  /** The SHA-256 as the manifest writes it: 64 lowercase hex digits. */
  sha256(index: number): string {
    let hex = '';
    for (let at = index * 32; at < index * 32 + 32; at += 1) hex += HEX[this.digests[at] as number] as string;
    return hex;
  }

  /** Orders path `index` against bytes [start, end) of `other`, in the format's order (no view made). */
  comparePathTo(index: number, other: Uint8Array, start: number, end: number): number {
    return compareBytes(this.names, this.start(index), this.ends[index] as number, other, start, end);
  }

  /** Whether file `index`'s SHA-256 is the 32 bytes of `other` from `at` (compared in place). */
  digestIs(index: number, other: Uint8Array, at: number): boolean {
    const digests = this.digests;
    const start = index * 32;
    if (other.length < at + 32) return false;
    for (let i = 0; i < 32; i += 1) if (digests[start + i] !== other[at + i]) return false;
    return true;
  }

  at(index: number): TableFile | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return {
      path: this.path(index),
      size: this.size(index),
      sha256: this.sha256(index),
      executable: this.executable(index),
    };
  }

  /** The index of the first file at `path` (binary search over the sorted bytes), or −1. */
  indexOf(path: string): number {
    return this.indexOfBytes(encoder.encode(path));
  }

  /** indexOf for a path given as UTF-8 bytes. */
  indexOfBytes(wanted: Uint8Array): number {
    return findRow(this.names, this.ends, this.length, wanted);
  }

  get(path: string): TableFile | undefined {
    return this.at(this.indexOf(path));
  }

  has(path: string): boolean {
    return this.indexOf(path) >= 0;
  }

  /** Whether file i has the same path as file i − 1 (a hostile list may name a file twice). */
  sameAsPrevious(index: number): boolean {
    return index > 0 && compareRows(this.names, this.ends, index - 1, index) === 0;
  }

  *[Symbol.iterator](): Iterator<TableFile> {
    for (let index = 0; index < this.length; index += 1) yield this.at(index) as TableFile;
  }

  // The few array methods callers use on a file list, each materialising one file at a time.

  find(predicate: (file: TableFile) => boolean): TableFile | undefined {
    for (const file of this) if (predicate(file)) return file;
    return undefined;
  }

  some(predicate: (file: TableFile) => boolean): boolean {
    return this.find(predicate) !== undefined;
  }

  filter(predicate: (file: TableFile) => boolean): TableFile[] {
    const kept: TableFile[] = [];
    for (const file of this) if (predicate(file)) kept.push(file);
    return kept;
  }

  map<T>(each: (file: TableFile) => T): T[] {
    const mapped: T[] = [];
    for (const file of this) mapped.push(each(file));
    return mapped;
  }

  /** Total size of the files. */
  totalSize(): number {
    let total = 0;
    for (let index = 0; index < this.length; index += 1) total += this.sizes[index] as number;
    return total;
  }
}

/** Most files after a sorted run that `build` moves into place rather than sorting everything anew. */
const MAX_TAIL_PLACED = 64;

/** Collects files in any order; `build` sorts them (stably) into a FileTable. */
export class FileTableBuilder {
  private names = new Uint8Array(0);
  private ends = new Uint32Array(0);
  private sizes = new Float64Array(0);
  private digests = new Uint8Array(0);
  private modes = new Uint8Array(0);
  private count = 0;
  private used = 0;
  /** Whether the files came in sorted order so far (then `build` has nothing to sort). */
  private inOrder = true;
  /** Whether a table built from this builder still views its columns (then they are never changed in place). */
  private shared = false;

  get length(): number {
    return this.count;
  }

  /**
   * Makes room for `files` more files whose paths take `pathBytes` bytes in all (UTF-8), so a
   * list whose size is known is not grown (and copied) half a dozen times on the way, or left
   * with half as much room again as it needs.
   */
  reserve(files: number, pathBytes: number): void {
    const count = this.count + files;
    this.names = grow(this.names, this.used + pathBytes, (n) => new Uint8Array(n), true);
    this.ends = grow(this.ends, count, (n) => new Uint32Array(n), true);
    this.sizes = grow(this.sizes, count, (n) => new Float64Array(n), true);
    this.modes = grow(this.modes, count, (n) => new Uint8Array(n), true);
    this.digests = grow(this.digests, count * 32, (n) => new Uint8Array(n), true);
  }

  add(path: string, size: number, sha256: string | Uint8Array, executable: boolean): void {
    // At most 3 bytes of UTF-8 per UTF-16 code unit.
    this.names = grow(this.names, this.used + path.length * 3, (n) => new Uint8Array(n));
    const { written } = encoder.encodeInto(path, this.names.subarray(this.used));
    this.push(written, size, sha256, executable);
  }

  addFile(file: TableFile): void {
    this.add(file.path, file.size, file.sha256, file.executable);
  }

  addBytes(path: Uint8Array, size: number, sha256: string | Uint8Array, executable: boolean): void {
    this.names = grow(this.names, this.used + path.length, (n) => new Uint8Array(n));
    this.names.set(path, this.used);
    this.push(path.length, size, sha256, executable);
  }

  private push(pathLength: number, size: number, sha256: string | Uint8Array, executable: boolean): void {
    const index = this.count;
    this.ends = grow(this.ends, index + 1, (n) => new Uint32Array(n));
    this.sizes = grow(this.sizes, index + 1, (n) => new Float64Array(n));
    this.modes = grow(this.modes, index + 1, (n) => new Uint8Array(n));
    this.digests = grow(this.digests, (index + 1) * 32, (n) => new Uint8Array(n));
    this.used += pathLength;
    this.ends[index] = this.used;
    this.sizes[index] = size;
    this.modes[index] = executable ? 1 : 0;
    if (typeof sha256 === 'string') hexToBytes(sha256, this.digests, index * 32);
    else this.digests.set(sha256.subarray(0, 32), index * 32);
    if (this.inOrder && index > 0) this.inOrder = compareRows(this.names, this.ends, index - 1, index) <= 0;
    this.count += 1;
  }

  /**
   * The tables built so far will not be used again: the builder may then put files added out of
   * order in place within its own columns instead of copying them (what sealing a bundle does
   * between its two lists).
   */
  reclaim(): void {
    this.shared = false;
  }

  build(): FileTable {
    if (!this.inOrder && !(!this.shared && this.placeTail())) this.sortIntoNewColumns();
    // Views, not copies: what a table sees is never changed afterwards (unless `reclaim` says it
    // is no longer used), and a million files' columns (~65 MB) are not held twice.
    this.shared = true;
    const count = this.count;
    return new FileTable(
      this.names.subarray(0, this.used),
      this.ends.subarray(0, count),
      this.sizes.subarray(0, count),
      this.digests.subarray(0, count * 32),
      this.modes.subarray(0, count),
      count,
    );
  }

  private start(index: number): number {
    return rowStart(this.ends, index);
  }

  /**
   * Sorts by moving the few files that came after a sorted run (a bundle's generated files, added
   * after its project's files; `SHA256SUMS`) into place within the columns, each with one block
   * move per column: no copy of a million files' columns. False when the unsorted tail is long.
   */
  private placeTail(): boolean {
    let sorted = Math.min(1, this.count);
    while (sorted < this.count && compareRows(this.names, this.ends, sorted - 1, sorted) <= 0) sorted += 1;
    if (this.count - sorted > MAX_TAIL_PLACED) return false;
    const tail = [];
    for (let index = sorted; index < this.count; index += 1)
      tail.push({
        path: this.names.slice(this.start(index), this.ends[index]),
        size: this.sizes[index] as number,
        digest: this.digests.slice(index * 32, index * 32 + 32),
        mode: this.modes[index] as number,
      });
    // Stable: equal paths keep the order they came in.
    tail.sort((a, b) => compareBytes(a.path, 0, a.path.length, b.path, 0, b.path.length));
    this.count = sorted;
    this.used = this.start(sorted);
    for (const file of tail) this.insertSorted(file.path, file.size, file.digest, file.mode);
    this.inOrder = true;
    return true;
  }

  /** Inserts a file after every file whose path sorts before or equal to its own, shifting the rest. */
  private insertSorted(path: Uint8Array, size: number, digest: Uint8Array, mode: number): void {
    let at = 0;
    for (let high = this.count; at < high;) {
      const middle = (at + high) >>> 1;
      if (compareRowTo(this.names, this.ends, middle, path) <= 0) at = middle + 1;
      else high = middle;
    }
    const count = this.count;
    this.names = grow(this.names, this.used + path.length, (n) => new Uint8Array(n));
    this.ends = grow(this.ends, count + 1, (n) => new Uint32Array(n));
    this.sizes = grow(this.sizes, count + 1, (n) => new Float64Array(n));
    this.modes = grow(this.modes, count + 1, (n) => new Uint8Array(n));
    this.digests = grow(this.digests, (count + 1) * 32, (n) => new Uint8Array(n));
    const from = this.start(at);
    this.names.copyWithin(from + path.length, from, this.used);
    this.names.set(path, from);
    for (let index = count; index > at; index -= 1) this.ends[index] = (this.ends[index - 1] as number) + path.length;
    this.ends[at] = from + path.length;
    this.sizes.copyWithin(at + 1, at, count);
    this.sizes[at] = size;
    this.modes.copyWithin(at + 1, at, count);
    this.modes[at] = mode;
    this.digests.copyWithin((at + 1) * 32, at * 32, count * 32);
    this.digests.set(digest, at * 32);
    this.count = count + 1;
    this.used += path.length;
  }

  /**
   * Sorts through an index permutation (TimSort: nearly sorted input costs little) into new
   * columns, which become the builder's own: tables built before keep seeing the old ones.
   */
  private sortIntoNewColumns(): void {
    const count = this.count;
    const order = Array.from({ length: count }, (_, index) => index);
    order.sort((a, b) => compareRows(this.names, this.ends, a, b) || a - b);
    const names = new Uint8Array(this.used);
    const ends = new Uint32Array(count);
    const sizes = new Float64Array(count);
    const digests = new Uint8Array(count * 32);
    const modes = new Uint8Array(count);
    let used = 0;
    order.forEach((from, to) => {
      const path = this.names.subarray(this.start(from), this.ends[from]);
      names.set(path, used);
      used += path.length;
      ends[to] = used;
      sizes[to] = this.sizes[from] as number;
      modes[to] = this.modes[from] as number;
      digests.set(this.digests.subarray(from * 32, from * 32 + 32), to * 32);
    });
    this.names = names;
    this.ends = ends;
    this.sizes = sizes;
    this.digests = digests;
    this.modes = modes;
    this.inOrder = true;
    this.shared = false;
  }
}
