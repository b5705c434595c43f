// Writes rows the way the input was written: same delimiter, quoting style, header, line ending,
// BOM and encoding, so the project's own loader reads the sample unchanged. Written to a
// temporary name and renamed when complete.
import { writeFileAtomically } from '../files/atomic-write';
import type { CsvDialect } from './csv-dialect';

export async function writeCsv(
  file: string,
  dialect: CsvDialect,
  header: readonly string[] | null,
  rows: readonly (readonly string[])[],
  /** Replace an existing file (default); false refuses it. */
  replace = true,
): Promise<void> {
  const quote = (field: string): string => {
    const needs =
      dialect.quoteAll ||
      field.includes(dialect.delimiter) ||
      field.includes('"') ||
      /[\r\n]/.test(field) ||
      field !== field.trim();
    return needs ? `"${field.replace(/"/g, '""')}"` : field;
  };
  const lines = (header === null ? rows : [header, ...rows]).map((row) => row.map(quote).join(dialect.delimiter));
  const text = `${lines.join(dialect.lineEnding)}${dialect.lineEnding}`;
  await writeFileAtomically(
    file,
    Buffer.concat([
      dialect.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
      Buffer.from(text, dialect.encoding),
    ]),
    { replace },
  );
}
