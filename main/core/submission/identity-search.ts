// Identity in what ships but is not plain UTF-8 text (issue 14): binary files searched as bytes
// (Latin-1, UTF-16LE and UTF-16BE spellings of every term), and archives opened — zip and its
// kin (npz, whl, jar), gzip (gz, tgz), tar — to a bounded depth and size, their entries searched
// the same way. Other compressions are reported as not searched. What is found inside an archive
// is reported (it blocks a review copy unless the author accepts it) and never rewritten.
import { createReadStream } from 'node:fs';
import { walkArchiveFile } from '../files/archive-walk';
import type { IdentityTerm, Occurrence } from '../../shared/submission';

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

/**
 * Identity in a file that is not plain UTF-8 text: archives opened (files/archive-walk.ts) and
 * every entry's name and content searched; anything else streamed as bytes, whatever its size.
 */
export async function searchBinaryFile(
  file: string,
  label: string,
  terms: readonly IdentityTerm[],
): Promise<ByteSearch> {
  if (terms.length === 0) return { occurrences: [], notSearched: [] };
  const occurrences: Occurrence[] = [];
  const walked = await walkArchiveFile(file, label, {
    name: async (name, entryName) =>
      void occurrences.push(...(await searchStream([Buffer.from(entryName)], terms, `${name} (its name)`))),
    content: async (name, data) => void occurrences.push(...(await searchStream([data], terms, name))),
  });
  if (!walked.archive) occurrences.push(...(await searchStream(createReadStream(file), terms, label)));
  return { occurrences, notSearched: walked.notSearched };
}
