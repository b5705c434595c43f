// The project's files as the walk finds them, held as columns (issue 18): paths as UTF-8 bytes end
// to end, sizes and exec bits in typed arrays, in the format's path order. A million files took
// ~115 MB of V8 heap as an object and a path string each, kept for the whole of a create and
// letting V8 grow its heap to ~190 MB; as columns they take ~35 MB outside the heap. A file is made
// as an object only when asked for (and is garbage at once).
// Hand-written for the same reason as shared/file-table.ts, whose column helpers it uses.
import path from 'node:path';
import { compareBytes, findRow, grow, rowStart } from '../../shared/file-table';

export interface WalkedFile {
  /** Project-relative POSIX path. */
  readonly path: string;
  /** Where the bytes are read from (the link target for a link inside the project). */
  readonly absolute: string;
  readonly size: number;
  readonly executable: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A file of a list, made when asked for: where it is on disk is worked out only if asked too. */
class ListedFile implements WalkedFile {
  constructor(
    private readonly list: WalkedFiles,
    private readonly index: number,
    readonly path: string,
  ) {}

  get size(): number {
    return this.list.size(this.index);
  }

  get executable(): boolean {
    return this.list.executable(this.index);
  }

  get absolute(): string {
    return this.list.absolute(this.index, this.path);
  }
}

export class WalkedFiles implements Iterable<WalkedFile> {
  /** Columns as WalkedFilesBuilder.build makes them: make lists with the builder. */
  constructor(
    /** The project folder (real path): a file's bytes are under it unless `elsewhere` says. */
    readonly root: string,
    private readonly names: Uint8Array,
    /** Where path i ends in `names` (it starts where path i − 1 ends). */
    private readonly ends: Uint32Array,
    private readonly sizes: Float64Array,
    private readonly modes: Uint8Array,
    /** Files whose bytes are not at root/path (links inside the project, results swapped in). */
    private readonly elsewhere: ReadonlyMap<number, string>,
  ) {}

  /** A list of these files, which must be sorted by path (tests, small lists). */
  static of(root: string, files: Iterable<WalkedFile>): WalkedFiles {
    const builder = new WalkedFilesBuilder(root);
    for (const file of files) builder.add(file.path, file.size, file.executable, file.absolute);
    return builder.build();
  }

  get length(): number {
    return this.sizes.length;
  }

  path(index: number): string {
    return decoder.decode(this.names.subarray(rowStart(this.ends, index), this.ends[index]));
  }

  size(index: number): number {
    return this.sizes[index] as number;
  }

  executable(index: number): boolean {
    return this.modes[index] === 1;
  }

  /** Where file `index`'s bytes are read from (worked out when asked, not stored). */
  absolute(index: number, filePath = this.path(index)): string {
    // Joined, not path.join, where separators agree: the root is a real path and the walk's paths
    // are normalised already (path.join's normalising was ~0.3 µs a file).
    return (
      this.elsewhere.get(index) ?? (path.sep === '/' ? [this.root, filePath].join('/') : path.join(this.root, filePath))
    );
  }

  at(index: number): WalkedFile | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return new ListedFile(this, index, this.path(index));
  }

  *[Symbol.iterator](): Iterator<WalkedFile> {
    for (let index = 0; index < this.length; index += 1) yield this.at(index) as WalkedFile;
  }

  *entries(): Generator<[number, WalkedFile]> {
    for (let index = 0; index < this.length; index += 1) yield [index, this.at(index) as WalkedFile];
  }

  /** Where `wanted` is in the list (binary search in path order), or −1. */
  indexOf(wanted: string): number {
    return findRow(this.names, this.ends, this.length, encoder.encode(wanted));
  }

  get(wanted: string): WalkedFile | undefined {
    return this.at(this.indexOf(wanted));
  }

  /** The paths alone, in order (a string each: for the passes that read names only). */
  paths(): string[] {
    const paths = new Array<string>(this.length);
    for (let index = 0; index < this.length; index += 1) paths[index] = this.path(index);
    return paths;
  }

  some(predicate: (file: WalkedFile) => boolean): boolean {
    for (const file of this) if (predicate(file)) return true;
    return false;
  }

  map<T>(each: (file: WalkedFile) => T): T[] {
    const mapped: T[] = [];
    for (const file of this) mapped.push(each(file));
    return mapped;
  }

  /** The files `keep` says yes to, as a list of their own (this one itself when it keeps all). */
  filter(keep: (file: WalkedFile) => boolean): WalkedFiles {
    const kept: number[] = [];
    for (const [index, file] of this.entries()) if (keep(file)) kept.push(index);
    return kept.length === this.length ? this : this.pick(kept);
  }

  /** The files at `indices` (ascending), as a list of their own. */
  pick(indices: readonly number[]): WalkedFiles {
    const builder = new WalkedFilesBuilder(this.root);
    for (const index of indices) {
      const filePath = this.path(index);
      builder.add(filePath, this.size(index), this.executable(index), this.elsewhere.get(index));
    }
    return builder.build();
  }

  /**
   * This list with `replacements` in place of the files of the same path, and added where none
   * has it (results from a pre-flight run's outputs): a new list, still in path order.
   */
  with(replacements: readonly WalkedFile[]): WalkedFiles {
    if (replacements.length === 0) return this;
    const byPath = new Map(replacements.map((file) => [file.path, file]));
    const added = replacements
      .filter((file) => this.indexOf(file.path) < 0)
      .sort((a, b) => comparePaths(a.path, b.path));
    const builder = new WalkedFilesBuilder(this.root);
    const addFile = (file: WalkedFile): void => builder.add(file.path, file.size, file.executable, file.absolute);
    let next = 0;
    for (let index = 0; index < this.length; index += 1) {
      const filePath = this.path(index);
      for (; next < added.length && comparePaths((added[next] as WalkedFile).path, filePath) < 0; next += 1)
        addFile(added[next] as WalkedFile);
      const replacement = byPath.get(filePath);
      if (replacement !== undefined) addFile(replacement);
      else builder.add(filePath, this.size(index), this.executable(index), this.elsewhere.get(index));
    }
    for (; next < added.length; next += 1) addFile(added[next] as WalkedFile);
    return builder.build();
  }

  totalSize(): number {
    let total = 0;
    for (const size of this.sizes) total += size;
    return total;
  }

  /** UTF-8 bytes of all the paths together. */
  pathBytes(): number {
    return this.names.length;
  }

  toArray(): WalkedFile[] {
    return [...this];
  }

  /** As JSON (`scan --json`, the GUI's scan view): the files' paths, sizes and exec bits. */
  toJSON(): { path: string; size: number; executable: boolean }[] {
    return this.map(({ path: filePath, size, executable }) => ({ path: filePath, size, executable }));
  }
}

/** The format's path order (JavaScript's string order), for the few paths handled as strings. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collects files in path order (the walk finds them so) into a WalkedFiles. */
export class WalkedFilesBuilder {
  private names = new Uint8Array(0);
  private ends = new Uint32Array(0);
  private sizes = new Float64Array(0);
  private modes = new Uint8Array(0);
  private readonly elsewhere = new Map<number, string>();
  private count = 0;
  private used = 0;

  constructor(private readonly root: string) {}

  get length(): number {
    return this.count;
  }

  /** Adds a file after the others; `absolute` only where its bytes are not at root/path. */
  add(filePath: string, size: number, executable: boolean, absolute?: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 code unit.
    this.names = grow(this.names, this.used + filePath.length * 3, (n) => new Uint8Array(n));
    const { written } = encoder.encodeInto(filePath, this.names.subarray(this.used));
    const index = this.count;
    const end = this.used + written;
    if (
      index > 0 &&
      compareBytes(this.names, rowStart(this.ends, index - 1), this.used, this.names, this.used, end) >= 0
    )
      throw new Error(`Internal error: ${filePath} was added out of path order`);
    this.ends = grow(this.ends, index + 1, (n) => new Uint32Array(n));
    this.sizes = grow(this.sizes, index + 1, (n) => new Float64Array(n));
    this.modes = grow(this.modes, index + 1, (n) => new Uint8Array(n));
    this.used = end;
    this.ends[index] = end;
    this.sizes[index] = size;
    this.modes[index] = executable ? 1 : 0;
    if (absolute !== undefined && absolute !== path.join(this.root, filePath)) this.elsewhere.set(index, absolute);
    this.count += 1;
  }

  /** The list, in columns of exactly its size (the builder's room to grow is let go). */
  build(): WalkedFiles {
    const count = this.count;
    return new WalkedFiles(
      this.root,
      this.names.slice(0, this.used),
      this.ends.slice(0, count),
      this.sizes.slice(0, count),
      this.modes.slice(0, count),
      this.elsewhere,
    );
  }
}
