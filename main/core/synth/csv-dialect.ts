// Detects how a delimited text file is written, from its first 64 KiB: encoding (UTF-8, with or
// without BOM, else Latin-1), delimiter, whether the first row is a header, the line ending and
// whether every field is quoted, so a synthetic sample can be written the same way.
import { open } from 'node:fs/promises';
import { ReproError } from '../errors';

export interface CsvDialect {
  encoding: 'utf8' | 'latin1';
  bom: boolean;
  delimiter: string;
  header: boolean;
  lineEnding: '\n' | '\r\n';
  /** Every field was quoted in the input; otherwise fields are quoted only when needed. */
  quoteAll: boolean;
}

const CANDIDATES = [',', '\t', ';', '|'];
const SAMPLE_BYTES = 64 * 1024;

export async function detectDialect(file: string): Promise<CsvDialect> {
  const handle = await open(file, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (sample.length === 0)
    throw new ReproError({ code: 'synth-empty', kind: 'usage', message: `${file} is empty.`, file });
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new ReproError({
      code: 'synth-encoding',
      kind: 'usage',
      message: `${file} is UTF-16, which is not supported.`,
      fix: 'Convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`).',
      file,
    });
  }
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const body = bom ? sample.subarray(3) : sample;
  let encoding: CsvDialect['encoding'] = 'utf8';
  try {
    // A cut in the middle of a character at the end of the sample is not an encoding error.
    new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, lastLineEnd(body)));
  } catch {
    encoding = 'latin1';
  }
  const text = body.toString(encoding).slice(0, lastLineEnd(body));
  const lines = splitLines(text)
    .filter((line) => line.trim() !== '')
    .slice(0, 50);
  if (lines.length === 0)
    throw new ReproError({
      code: 'synth-empty',
      kind: 'usage',
      message: `${file} has no complete line in its first 64 KiB.`,
      file,
    });

  // The delimiter that splits every line into the same number (> 1) of fields.
  let best: { delimiter: string; fields: number; score: number } | undefined;
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((line) => splitFields(line, delimiter).length);
    const first = counts[0] ?? 1;
    const consistent = counts.filter((count) => count === first).length / counts.length;
    const score = first > 1 ? consistent * 100 + first : 0;
    if (score > (best?.score ?? 0)) best = { delimiter, fields: first, score };
  }
  const delimiter = best?.delimiter ?? ',';
  const rows = lines.map((line) => splitFields(line, delimiter));
  return {
    encoding,
    bom,
    delimiter,
    header: looksLikeHeader(rows),
    lineEnding: text.includes('\r\n') ? '\r\n' : '\n',
    quoteAll: lines.slice(0, 10).every((line) => line.startsWith('"') && line.trimEnd().endsWith('"')),
  };
}

function lastLineEnd(data: Buffer): number {
  const at = data.lastIndexOf(0x0a);
  return at < 0 ? data.length : at + 1;
}

/** Lines, keeping quoted newlines inside their record. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      lines.push(current.replace(/\r$/, ''));
      current = '';
    } else {
      current += char;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

export function splitFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (char === '"') {
      if (quoted && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else {
        quoted = !quoted;
      }
    } else if (char === delimiter && !quoted) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}

/** A header has text where the rows below have numbers, or names no row repeats. */
function looksLikeHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (first === undefined || rest.length === 0) return true;
  const numeric = (value: string): boolean => value.trim() !== '' && Number.isFinite(Number(value));
  let evidence = 0;
  first.forEach((value, column) => {
    const below = rest.map((row) => row[column] ?? '');
    if (!numeric(value) && below.filter(numeric).length > below.length / 2) evidence += 2;
    if (numeric(value) && below.some(numeric)) evidence -= 2;
    if (!below.includes(value)) evidence += 1;
    else evidence -= 1;
  });
  return evidence > 0;
}
