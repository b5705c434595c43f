// Format v2's file list (docs/FORMAT.md): the entry `FILES`, one line per file,
// `<sha256> <size> <mode> <path>`, sorted by path, whose SHA-256 and line count the signed manifest
// holds. Text rather than JSON so it can be written and read a line at a time at any size, and
// checked with `sha256sum` and `awk` by hand. Read as strictly as the manifest: anything a writer
// would not produce is refused with the line and the reason. Both directions work on bytes and a
// file table (shared/file-table.ts): a million-file list is never held as text or as objects.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { nextTurn } from '../yield';
import { pathProblem } from '../../shared/bundle-path';
import { FileTableBuilder, type FileTable } from '../../shared/file-table';
import type { ManifestFile } from '../../shared/manifest';

/** A file list larger than this is an attack on the reader (2,000,000 entries of long paths fit). */
export const MAX_FILE_LIST_BYTES = 512 * 1024 * 1024;

/** How one file's line is written: its length in bytes, and the writing itself at `at` in `out`. */
export interface LineFormat {
  length(files: FileTable, index: number): number;
  write(files: FileTable, index: number, out: Buffer, at: number): number;
}

/** One file's line as text (tests build hostile lists with it). */
export function fileListLine(file: ManifestFile): string {
  return `${file.sha256} ${file.size} ${file.executable ? '755' : '644'} ${file.path}\n`;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** The same line written from a file table, for the writer's streamed entry (no string or view made per line). */
export const fileListFormat: LineFormat = {
  length: (files, index) => 64 + 1 + decimalLength(files.size(index)) + 5 + files.pathLength(index) + 1,
  write: (files, index, out, at) => {
    let end = files.writeDigestHex(index, out, at);
    out[end++] = SPACE;
    end = writeDecimal(files.size(index), out, end);
    out[end++] = SPACE;
    const executable = files.executable(index);
    out[end++] = executable ? 0x37 : 0x36; // 755 or 644
    out[end++] = executable ? 0x35 : 0x34;
    out[end++] = executable ? 0x35 : 0x34;
    out[end++] = SPACE;
    end = files.writePath(index, out, end);
    out[end] = NEWLINE;
    return end + 1;
  },
};

/** `<sha256>  <path>`: the entry SHA256SUMS, what `sha256sum --check` reads. */
export const checksumsLine: LineFormat = {
  length: (files, index) => 64 + 2 + files.pathLength(index) + 1,
  write: (files, index, out, at) => {
    let end = files.writeDigestHex(index, out, at);
    out[end++] = SPACE;
    out[end++] = SPACE;
    end = files.writePath(index, out, end);
    out[end] = NEWLINE;
    return end + 1;
  },
};

const DIGEST_CHUNK = 1024 * 1024;

/**
 * The SHA-256 of the list `format` makes of every file in `files` but the row `skip` (−1: none):
 * what a writer's entry holding that list hashes to. Written a chunk at a time into one buffer
 * (~100 MB of text for a million files), giving the thread up between chunks (and telling
 * `onChunk`).
 */
export async function listDigest(
  files: FileTable,
  format: LineFormat,
  skip: number,
  onChunk?: () => void,
): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(DIGEST_CHUNK);
  let used = 0;
  for (let index = 0; index < files.length; index += 1) {
    if (index === skip) continue;
    // A line is at most ~12 KiB (paths are at most 4,096 characters): it always fits a chunk.
    if (used + format.length(files, index) > DIGEST_CHUNK) {
      hash.update(chunk.subarray(0, used));
      used = 0;
      onChunk?.();
      await nextTurn();
    }
    used = format.write(files, index, chunk, used);
  }
  return hash.update(chunk.subarray(0, used)).digest('hex');
}

/** How many decimal digits a size (a whole number ≥ 0) takes. */
function decimalLength(value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
  return digits;
}

/** Writes a size (a whole number ≥ 0) in decimal at `at`; returns where it ends. */
function writeDecimal(value: number, out: Buffer, at: number): number {
  const end = at + decimalLength(value);
  let rest = value;
  for (let to = end - 1; to >= at; to -= 1) {
    out[to] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return end;
}

/** A digest, a one-digit size, a mode, a one-byte path and the line feed, with their spaces. */
const MIN_LINE_BYTES = 64 + 1 + 1 + 1 + 3 + 1 + 1 + 1;
/** A digest, the largest size, a mode and a path of 4,096 characters of up to 3 bytes each. */
const MAX_LINE_BYTES = 64 + 1 + 16 + 5 + 4096 * 3;

/** The value of a lowercase hex digit, or −1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/**
 * Reads the list chunk by chunk as the archive gives it: `push` each chunk, then `finish` gives
 * the table, or why the list is not one a writer made (the first line at fault). Stops reading
 * lines at the first problem; the caller still hashes every byte.
 */
export class FileListParser {
  private readonly files = new FileTableBuilder();
  private carry: Buffer | undefined;
  private problem: string | undefined;
  private previous: string | undefined;
  private line = 0;
  private readonly digest = Buffer.alloc(32);

  /**
   * `expected`, when known, makes room for the list up front: as many lines as it says (but no
   * more than `bytes` can hold: it is not believed yet) and the most path bytes they can hold.
   * Grown as it was read, a million-line list's columns were copied ~30 times each and left with
   * up to half as much room again (tens of MB at verify's peak).
   */
  constructor(
    private readonly entryName: string,
    expected?: { lines: number; bytes: number },
  ) {
    if (expected === undefined) return;
    const lines = Math.min(expected.lines, Math.floor(expected.bytes / MIN_LINE_BYTES));
    this.files.reserve(lines, Math.max(0, expected.bytes - lines * (MIN_LINE_BYTES - 1)));
  }

  push(chunk: Buffer): void {
    if (this.problem !== undefined) return;
    let start = 0;
    if (this.carry !== undefined) {
      // Only the unfinished line is carried over, joined with this chunk's start.
      const end = chunk.indexOf(NEWLINE);
      if (end < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        if (this.carry.length > MAX_LINE_BYTES) this.fail('longer than any line a writer makes');
        return;
      }
      this.take(Buffer.concat([this.carry, chunk.subarray(0, end)]));
      this.carry = undefined;
      start = end + 1;
    }
    for (
      let end = chunk.indexOf(NEWLINE, start);
      end >= 0 && this.problem === undefined;
      end = chunk.indexOf(NEWLINE, start)
    ) {
      this.take(chunk.subarray(start, end));
      start = end + 1;
    }
    if (start < chunk.length && this.problem === undefined) this.carry = Buffer.from(chunk.subarray(start));
  }

  /** The table, or the first problem; an empty list is no files. */
  finish(): FileTable | string {
    if (this.problem !== undefined) return this.problem;
    if (this.carry !== undefined)
      return `${this.entryName} does not end with a line feed (cut short, or data appended)`;
    return this.files.build();
  }

  get count(): number {
    return this.files.length;
  }

  private fail(reason: string): void {
    this.carry = undefined;
    this.problem = `${this.entryName}, line ${this.line}: ${reason}`;
  }

  private take(line: Buffer): void {
    this.line += 1;
    const shape = 'not "<sha256> <size> <mode> <path>"';
    // <sha256> (64 lowercase hex) and a space.
    if (line.length < 64 + 1 + 1 + 1 + 3 + 1 + 1 || line[64] !== SPACE) return this.fail(shape);
    for (let i = 0; i < 32; i += 1) {
      const high = hexValue(line[i * 2] as number);
      const low = hexValue(line[i * 2 + 1] as number);
      if (high < 0 || low < 0) return this.fail(shape);
      this.digest[i] = high * 16 + low;
    }
    // <size>: 0, or up to 16 digits without a leading zero.
    let at = 65;
    let size = 0;
    const sizeStart = at;
    while (at < line.length && (line[at] as number) >= 0x30 && (line[at] as number) <= 0x39) {
      size = size * 10 + ((line[at] as number) - 0x30);
      at += 1;
    }
    const digits = at - sizeStart;
    if (digits === 0 || digits > 16 || (digits > 1 && line[sizeStart] === 0x30) || line[at] !== SPACE)
      return this.fail(shape);
    if (!Number.isSafeInteger(size)) return this.fail('size out of range');
    // <mode> and a space.
    const mode = line.toString('latin1', at + 1, at + 4);
    if ((mode !== '644' && mode !== '755') || line[at + 4] !== SPACE) return this.fail(shape);
    const name = line.subarray(at + 5);
    if (name.length === 0) return this.fail(shape);
    if (!isUtf8(name)) return this.fail('not UTF-8 text');
    const filePath = name.toString('utf8');
    const problem = pathProblem(filePath);
    if (problem !== undefined) return this.fail(`${JSON.stringify(filePath)}: ${problem}`);
    const previous = this.previous;
    if (previous !== undefined && !(previous < filePath))
      return this.fail(
        `${JSON.stringify(filePath)} is ${previous === filePath ? 'listed twice' : 'out of order (the list is sorted by path)'}`,
      );
    this.previous = filePath;
    this.files.addBytes(name, size, this.digest, mode === '755');
  }
}
