// Parquet tables (pure JS: hyparquet to read, hyparquet-writer to write). Read one row group at a
// time, so memory is bounded by the largest row group. Values are profiled as text like CSV
// fields; each column keeps its Parquet type so the sample is written back with the same schema
// types (timestamps stay timestamps, INT64 stays INT64). Flat schemas only.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ReproError } from '../errors';

type WriteType = 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'STRING' | 'JSON' | 'TIMESTAMP';

export interface ParquetColumn {
  name: string;
  type: WriteType;
}

export function isParquet(file: string): boolean {
  return /\.parquet$/i.test(file);
}

export async function readParquet(
  file: string,
  onRow: (fields: string[]) => void,
): Promise<{ columns: ParquetColumn[]; rows: number }> {
  const buffer = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new ReproError({
      code: 'synth-malformed',
      kind: 'usage',
      message: `${file} is not a readable Parquet file: ${(error as Error).message}.`,
      file,
    });
  }
  const [root, ...leaves] = metadata.schema;
  if (leaves.some((element) => (element.num_children ?? 0) > 0) || (root?.num_children ?? 0) !== leaves.length) {
    throw new ReproError({
      code: 'synth-unsupported',
      kind: 'usage',
      message: `${file} has nested columns (structs or lists); only flat tables can be sampled.`,
      fix: 'Flatten the table (one column per field) first.',
      file,
    });
  }
  const columns = leaves.map((element) => ({ name: element.name, type: writeTypeOf(element) }));
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    await parquetRead({
      file: buffer,
      metadata,
      rowStart,
      rowEnd,
      rowFormat: 'array',
      onComplete: (rows) => {
        for (const row of rows as unknown[][]) onRow(row.map(toText));
      },
    });
    rowStart = rowEnd;
  }
  return { columns, rows: rowStart };
}

export function formatParquet(columns: readonly ParquetColumn[], rows: readonly (readonly string[])[]): Buffer {
  const columnData = columns.map((column, at) => ({
    name: column.name,
    type: column.type,
    nullable: true,
    data: rows.map((row) => fromText(row[at] ?? '', column.type)),
  }));
  return Buffer.from(parquetWriteBuffer({ columnData }));
}

function writeTypeOf(element: SchemaElement): WriteType {
  const logical = element.logical_type?.type;
  if (
    logical === 'TIMESTAMP' ||
    element.converted_type === 'TIMESTAMP_MILLIS' ||
    element.converted_type === 'TIMESTAMP_MICROS'
  )
    return 'TIMESTAMP';
  if (logical === 'JSON' || element.converted_type === 'JSON') return 'JSON';
  switch (element.type) {
    case 'BOOLEAN':
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
      return element.type;
    default:
      return 'STRING';
  }
}

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function fromText(text: string, type: WriteType): unknown {
  if (text === '') return null;
  switch (type) {
    case 'BOOLEAN':
      return text === 'true';
    case 'INT64':
      return BigInt(Math.round(Number(text)));
    case 'INT32':
      return Math.round(Number(text));
    case 'FLOAT':
    case 'DOUBLE':
      return Number(text);
    case 'TIMESTAMP':
      return new Date(text);
    default:
      return text;
  }
}
