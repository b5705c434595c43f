// Identity in what ships but is not plain UTF-8 text (issue 14): binary files searched as bytes
// (Latin-1, UTF-16LE and UTF-16BE spellings of every term), and archives opened — zip and its
// kin (npz, whl, jar), gzip (gz, tgz), tar — to a bounded depth and size, their entries searched
// the same way. Other compressions are reported as not searched. What is found inside an archive
// is reported (it blocks a review copy unless the author accepts it) and never rewritten.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import yauzl from 'yauzl';
import type { IdentityTerm, Occurrence } from '../../shared/submission';

/** How deep archives inside archives are opened, and how much is read from one archive. */
const MAX_DEPTH = 3;
const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

export interface ByteSearch {
  occurrences: Occurrence[];
  /** Parts that could not be searched (an unknown compression, a limit reached), for the report. */
  notSearched: string[];
}

/** The byte spellings a term can have in a file: UTF-8/Latin-1, UTF-16LE, UTF-16BE. */
function spellings(term: IdentityTerm): Buffer[] {
  const lower = term.value.toLowerCase();
  const le = Buffer.from(lower, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [Buffer.from(lower, 'utf8'), le, be];
}

/** Letters and digits around a match mean the term is part of a longer word. */
const wordByte = (byte: number | undefined): boolean =>
  byte !== undefined &&
  ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));

/** Searches a stream for the terms as whole tokens, in chunks that overlap by the longest spelling. */
async function searchStream(
  stream: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  terms: readonly IdentityTerm[],
  label: string,
): Promise<Occurrence[]> {
  const needles = terms.map((term) => ({ term, bytes: spellings(term) }));
  const overlap = Math.max(...needles.flatMap((needle) => needle.bytes.map((bytes) => bytes.length))) + 2;
  const found = new Map<string, Occurrence>();
  let carry = Buffer.alloc(0);
  for await (const piece of stream) {
    const chunk = Buffer.concat([carry, typeof piece === 'string' ? Buffer.from(piece) : piece]);
    const lower = Buffer.from(chunk.toString('latin1').toLowerCase(), 'latin1');
    for (const { term, bytes } of needles) {
      if (found.has(term.value)) continue;
      for (const [index, spelling] of bytes.entries()) {
        const step = index === 0 ? 1 : 2; // UTF-16: the neighbours are the code units around it
        for (let at = lower.indexOf(spelling); at !== -1; at = lower.indexOf(spelling, at + 1)) {
          const before = index === 2 ? lower[at - 1] : lower[at - step];
          const after = index === 1 ? lower[at + spelling.length] : lower[at + spelling.length + (step - 1)];
          if (term.kind === 'email' || (!wordByte(before) && !wordByte(after))) {
            found.set(term.value, { file: label, line: null, term: term.value, kind: term.kind, excerpt: '' });
            break;
          }
        }
        if (found.has(term.value)) break;
      }
    }
    carry = chunk.subarray(Math.max(0, chunk.length - overlap));
  }
  return [...found.values()];
}

type Kind = 'zip' | 'gzip' | 'tar' | 'other-compression' | 'plain';

function kindOf(head: Buffer): Kind {
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
async function bounded(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream) {
    size += part.length;
    if (size > limit) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** Searches bytes that may be an archive: opened to MAX_DEPTH, its entries searched by name and content. */
async function searchBuffer(
  data: Buffer,
  terms: readonly IdentityTerm[],
  label: string,
  depth: number,
): Promise<ByteSearch> {
  const kind = kindOf(data.subarray(0, 512));
  if (kind === 'plain' || depth >= MAX_DEPTH)
    return { occurrences: await searchStream([data], terms, label), notSearched: [] };
  if (kind === 'other-compression')
    return { occurrences: [], notSearched: [`${label} (a compression ReproBundle does not open)`] };
  if (kind === 'gzip') {
    const inner = await bounded(Readable.from([data]).pipe(createGunzip()), MAX_ARCHIVE_BYTES).catch(() => undefined);
    if (inner === undefined)
      return { occurrences: [], notSearched: [`${label} (larger than the search limit, or damaged)`] };
    return searchBuffer(inner, terms, `${label}!`, depth + 1);
  }
  return kind === 'zip' ? searchZip(data, terms, label, depth) : searchTar(data, terms, label, depth);
}

/**
 * One archive entry into `result`: its name, then its content (itself perhaps an archive), read
 * by `content` (null for a folder); `unread` says why content that cannot be read was not searched.
 */
async function searchEntry(
  result: ByteSearch,
  name: string,
  entryName: string,
  content: (() => Promise<Buffer | undefined>) | null,
  unread: string,
  terms: readonly IdentityTerm[],
  depth: number,
): Promise<void> {
  result.occurrences.push(...(await searchStream([Buffer.from(entryName)], terms, `${name} (its name)`)));
  if (content === null) return;
  const data = await content();
  if (data === undefined) {
    result.notSearched.push(`${name} (${unread})`);
    return;
  }
  const inner = await searchBuffer(data, terms, name, depth + 1);
  result.occurrences.push(...inner.occurrences);
  result.notSearched.push(...inner.notSearched);
}

async function searchZip(
  data: Buffer,
  terms: readonly IdentityTerm[],
  label: string,
  depth: number,
): Promise<ByteSearch> {
  const result: ByteSearch = { occurrences: [], notSearched: [] };
  const zip = await new Promise<yauzl.ZipFile | undefined>((resolve) =>
    yauzl.fromBuffer(data, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (error, file) =>
      resolve(error === null ? file : undefined),
    ),
  );
  if (zip === undefined) return { occurrences: await searchStream([data], terms, label), notSearched: [] };
  let count = 0;
  let total = 0;
  await new Promise<void>((resolve) => {
    zip.on('end', resolve);
    zip.on('error', () => {
      result.notSearched.push(`${label} (a damaged archive)`);
      resolve();
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      count += 1;
      total += entry.uncompressedSize;
      const name = `${label}!/${entry.fileName}`;
      if (count > MAX_ENTRIES || total > MAX_ARCHIVE_BYTES) {
        result.notSearched.push(`${label} (past ${MAX_ENTRIES} entries or ${MAX_ARCHIVE_BYTES / 1e6} MB)`);
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
      void searchEntry(
        result,
        name,
        entry.fileName,
        entry.fileName.endsWith('/') ? null : content,
        'unreadable',
        terms,
        depth,
      )
        .catch(() => void result.notSearched.push(`${name} (unreadable)`))
        .then(() => zip.readEntry());
    });
    zip.readEntry();
  });
  return result;
}

async function searchTar(
  data: Buffer,
  terms: readonly IdentityTerm[],
  label: string,
  depth: number,
): Promise<ByteSearch> {
  const result: ByteSearch = { occurrences: [], notSearched: [] };
  const pending: Promise<void>[] = [];
  let count = 0;
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      count += 1;
      const name = `${label}!/${entry.path}`;
      if (count > MAX_ENTRIES) {
        entry.resume();
        return;
      }
      pending.push(
        searchEntry(
          result,
          name,
          entry.path,
          () => bounded(entry as unknown as AsyncIterable<Buffer>, MAX_ARCHIVE_BYTES),
          'larger than the search limit',
          terms,
          depth,
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
  if (count > MAX_ENTRIES) result.notSearched.push(`${label} (past ${MAX_ENTRIES} entries)`);
  return result;
}

/**
 * Identity in a file that is not plain UTF-8 text: streamed as bytes when it is no archive (any
 * size), opened when it is one (up to MAX_ARCHIVE_BYTES).
 */
export async function searchBinaryFile(
  file: string,
  label: string,
  terms: readonly IdentityTerm[],
): Promise<ByteSearch> {
  if (terms.length === 0) return { occurrences: [], notSearched: [] };
  const handle = await open(file, 'r');
  const head = Buffer.alloc(512);
  let size: number;
  try {
    await handle.read(head, 0, head.length, 0);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  const kind = kindOf(head);
  if (kind === 'plain')
    return { occurrences: await searchStream(createReadStream(file), terms, label), notSearched: [] };
  if (kind === 'other-compression') return searchBuffer(head, terms, label, 0);
  const data = size > MAX_ARCHIVE_BYTES ? undefined : await bounded(createReadStream(file), MAX_ARCHIVE_BYTES);
  if (data === undefined)
    return {
      occurrences: await searchStream(createReadStream(file), terms, label),
      notSearched: [`${label} (an archive larger than ${MAX_ARCHIVE_BYTES / 1e6} MB: searched as bytes only)`],
    };
  return searchBuffer(data, terms, label, 0);
}
