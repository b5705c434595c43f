// Streams the records of a delimited text file with papaparse, in bounded memory, calling back
// with each row's fields. Malformed input stops with the line and the problem named.
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { ReproError } from '../errors';
import type { CsvDialect } from './csv-dialect';

export async function readRows(
  file: string,
  dialect: CsvDialect,
  onRow: (fields: string[], line: number) => void,
): Promise<number> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    delimiter: dialect.delimiter,
    quoteChar: '"',
    skipEmptyLines: true,
  });
  const input = createReadStream(file, {
    encoding: dialect.encoding,
    highWaterMark: 1024 * 1024,
    start: dialect.bom ? 3 : 0,
  });
  let line = 0;
  let width: number | undefined;
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (fields: string[]) => {
      line += 1;
      width ??= fields.length;
      if (fields.length !== width) {
        parser.destroy();
        input.destroy();
        reject(
          new ReproError({
            code: 'synth-malformed',
            kind: 'usage',
            message: `${file}, record ${line}: ${fields.length} fields where the first record has ${width}.`,
            fix: 'Check that record for an unquoted delimiter or a missing field.',
            file,
          }),
        );
        return;
      }
      try {
        onRow(fields, line);
      } catch (error) {
        // A listener's exception would escape the stream: stop reading and fail this call instead.
        parser.destroy();
        input.destroy();
        reject(error);
      }
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    input.on('error', reject);
    input.pipe(parser);
  });
  return line;
}
