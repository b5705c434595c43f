// Opens the archives a project ships — zip and its kin (npz, whl, jar), gzip (gz, tgz), tar — to a
// bounded depth, size and entry count, and hands every entry's name and (non-archive) content to a
// visitor: what the review copy's identity search and the secret search look inside. Other
// compressions (bzip2, xz, zstd, 7z) are reported as not opened. Archives are hostile input:
// `yauzl` checks sizes and names, nothing is written to disk, every read is bounded.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import yauzl from 'yauzl';

/** How deep archives inside archives are opened, and how much is read from one archive. */
const MAX_DEPTH = 3;
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

export interface ArchiveVisitor {
  /** An entry's name (`label` is `file!/entry`, nested as `file!/inner.zip!/entry`). */
  name(label: string, entryName: string): Promise<void>;
  /** An entry's content that is not itself an archive (or is one past the depth limit). */
  content(label: string, data: Buffer): Promise<void>;
}

type Kind = 'zip' | 'gzip' | 'tar' | 'other-compression' | 'plain';

/** One walk: who sees the entries, and what could not be opened. */
interface Walk {
  visitor: ArchiveVisitor;
  notSearched: string[];
}

export function archiveKind(head: Buffer): Kind {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (
    head.subarray(0, 3).toString('latin1') === 'BZh' ||
    head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) ||
    head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])) ||
    head.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
  )
    return 'other-compression';
  return 'plain';
}

/** Reads a stream fully into memory, refusing more than `limit` bytes (nested archives only). */
export async function bounded(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream) {
    size += part.length;
    if (size > limit) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** Bytes that may be an archive: opened to MAX_DEPTH; `notSearched` collects what could not be. */
async function walk(data: Buffer, label: string, depth: number, run: Walk): Promise<void> {
  const { visitor, notSearched } = run;
  const kind = archiveKind(data.subarray(0, 512));
  if (kind === 'plain' || depth >= MAX_DEPTH) return visitor.content(label, data);
  if (kind === 'other-compression') return void notSearched.push(`${label} (a compression ReproBundle does not open)`);
  if (kind === 'gzip') {
    const inner = await bounded(Readable.from([data]).pipe(createGunzip()), MAX_ARCHIVE_BYTES).catch(() => undefined);
    if (inner === undefined) return void notSearched.push(`${label} (larger than the search limit, or damaged)`);
    return walk(inner, `${label}!`, depth + 1, run);
  }
  return kind === 'zip' ? walkZip(data, label, depth, run) : walkTar(data, label, depth, run);
}

/** One entry: its name, then its content (null for a folder); `unread` says why content could not be read. */
async function walkEntry(
  name: string,
  entryName: string,
  content: (() => Promise<Buffer | undefined>) | null,
  unread: string,
  depth: number,
  run: Walk,
): Promise<void> {
  const { visitor, notSearched } = run;
  await visitor.name(name, entryName);
  if (content === null) return;
  const data = await content();
  if (data === undefined) return void notSearched.push(`${name} (${unread})`);
  await walk(data, name, depth + 1, run);
}

async function walkZip(data: Buffer, label: string, depth: number, run: Walk): Promise<void> {
  const { visitor, notSearched } = run;
  const zip = await new Promise<yauzl.ZipFile | undefined>((resolve) =>
    yauzl.fromBuffer(data, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, file) =>
      resolve(error === null ? file : undefined),
    ),
  );
  if (zip === undefined) return visitor.content(label, data);
  let count = 0;
  let total = 0;
  await new Promise<void>((resolve) => {
    zip.on('end', resolve);
    zip.on('error', () => {
      notSearched.push(`${label} (a damaged archive)`);
      resolve();
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      count += 1;
      total += entry.uncompressedSize;
      const name = `${label}!/${entry.fileName}`;
      if (count > MAX_ENTRIES || total > MAX_ARCHIVE_BYTES) {
        notSearched.push(`${label} (past ${MAX_ENTRIES} entries or ${MAX_ARCHIVE_BYTES / 1e6} MB)`);
        zip.close();
        resolve();
        return;
      }
      const content = async (): Promise<Buffer | undefined> => {
        const stream = await new Promise<Readable | undefined>((done) =>
          zip.openReadStream(entry, (error, opened) => done(error === null ? opened : undefined)),
        );
        return stream === undefined ? undefined : bounded(stream, MAX_ARCHIVE_BYTES).catch(() => undefined);
      };
      // Whatever happens to this entry, the next one is read: the archive is never left half-open.
      void walkEntry(name, entry.fileName, entry.fileName.endsWith('/') ? null : content, 'unreadable', depth, run)
        .catch(() => void notSearched.push(`${name} (unreadable)`))
        .then(() => zip.readEntry());
    });
    zip.readEntry();
  });
}

async function walkTar(data: Buffer, label: string, depth: number, run: Walk): Promise<void> {
  const { notSearched } = run;
  const pending: Promise<void>[] = [];
  let count = 0;
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      count += 1;
      if (count > MAX_ENTRIES) {
        entry.resume();
        return;
      }
      pending.push(
        walkEntry(
          `${label}!/${entry.path}`,
          entry.path,
          () => bounded(entry as unknown as AsyncIterable<Buffer>, MAX_ARCHIVE_BYTES),
          'larger than the search limit',
          depth,
          run,
        ),
      );
    },
  });
  await new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
    parser.end(data);
  });
  await Promise.all(pending);
  if (count > MAX_ENTRIES) notSearched.push(`${label} (past ${MAX_ENTRIES} entries)`);
}

/**
 * Walks a file when it is an archive (read whole, up to MAX_ARCHIVE_BYTES); `archive: false` when
 * it is not one, for the caller to read it its own way.
 */
export async function walkArchiveFile(
  file: string,
  label: string,
  visitor: ArchiveVisitor,
): Promise<{ archive: boolean; notSearched: string[] }> {
  const handle = await open(file, 'r');
  const head = Buffer.alloc(512);
  let size: number;
  try {
    await handle.read(head, 0, head.length, 0);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  const kind = archiveKind(head);
  if (kind === 'plain') return { archive: false, notSearched: [] };
  const notSearched: string[] = [];
  if (kind === 'other-compression') {
    notSearched.push(`${label} (a compression ReproBundle does not open)`);
    return { archive: true, notSearched };
  }
  const data = size > MAX_ARCHIVE_BYTES ? undefined : await bounded(createReadStream(file), MAX_ARCHIVE_BYTES);
  if (data === undefined)
    return {
      archive: false,
      notSearched: [`${label} (an archive larger than ${MAX_ARCHIVE_BYTES / 1e6} MB: read as bytes only)`],
    };
  await walk(data, label, 0, { visitor, notSearched });
  return { archive: true, notSearched };
}
