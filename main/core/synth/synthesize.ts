// `synth`: profile a table, generate a seeded synthetic sample with the same columns and
// formats, check it copies no real row and does not sit closer to the real records than they
// sit to each other, and report how faithful it is. Same input, options and seed: same bytes.
import { CancelledError, ReproError } from '../errors';
import type { ProgressSink } from '../progress';
import { detectDialect, type CsvDialect } from './csv-dialect';
import { formatJsonl, isJsonLines, readJsonl, type JsonlColumn } from './jsonl';
import { formatParquet, isParquet, readParquet, type ParquetColumn } from './parquet';
import { assessFidelity, MIN_CLOSEST_RECORD_RATIO } from './fidelity';
import { type FidelityReport } from '../../shared/views';
import { generateRows } from './generate';
import { csvSource, profileTable, type ColumnProfile, type RowSource, type TableProfile } from './profile';
import { DEFAULT_K, DEFAULT_SYNTH_ROWS } from '../../shared/defaults';
import { writeFileAtomically } from '../files/atomic-write';
import { writeCsv } from './write-csv';

export interface SynthOptions {
  input: string;
  output: string;
  rows?: number;
  seed?: number;
  k?: number;
  /** Replace an existing file at `output` (default); false refuses it at the final rename. */
  replace?: boolean;
  /** Stops reading the table (the long part) when aborted. */
  signal?: AbortSignal;
  /** The phase being worked on: reading the table, generating, checking the sample, writing it. */
  onProgress?: ProgressSink;
}

export interface SynthReport {
  input: string;
  output: string;
  options: { rows: number; seed: number; k: number };
  /** How the input was written, and so the sample: a CSV/TSV dialect, or JSON Lines columns. */
  format:
    | { kind: 'csv'; dialect: CsvDialect }
    | { kind: 'jsonl'; columns: JsonlColumn[] }
    | { kind: 'parquet'; columns: ParquetColumn[] };
  realRows: number;
  columns: Omit<ColumnProfile, 'categories' | 'patterns'>[];
  fidelity: FidelityReport;
}

/** Rows between two looks at the signal: cheap enough to be unnoticeable, often enough to stop at once. */
const CANCEL_CHECK_ROWS = 4096;

/** The same source, stopping with CancelledError once the signal is aborted. */
function cancellable(source: RowSource, signal: AbortSignal | undefined): RowSource {
  if (signal === undefined) return source;
  let seen = 0;
  return (onRow) =>
    source((fields) => {
      seen += 1;
      if (seen % CANCEL_CHECK_ROWS === 0 && signal.aborted) throw new CancelledError('Synthesizing the sample');
      onRow(fields);
    });
}

/** Profiles a format whose reader also reports its columns (JSON Lines, Parquet), keeping them for writing. */
async function profileWithColumns<C extends { name: string }>(
  input: string,
  seed: number,
  read: (file: string, onRow: (fields: string[]) => void) => Promise<{ columns: C[] }>,
  signal: AbortSignal | undefined,
): Promise<{ profile: TableProfile; columns: C[] }> {
  let columns: C[] = [];
  const source: RowSource = async (onRow) => {
    columns = (await read(input, onRow)).columns;
    return columns.map((column) => column.name);
  };
  const profile = await profileTable(input, cancellable(source, signal), seed);
  return { profile, columns };
}

export async function synthesize(options: SynthOptions): Promise<SynthReport> {
  const rows = options.rows ?? DEFAULT_SYNTH_ROWS;
  const seed = options.seed ?? 0;
  const k = options.k ?? DEFAULT_K;
  const progress = options.onProgress ?? (() => undefined);
  let format: SynthReport['format'];
  let profile;
  progress({ phase: 'read', message: `Reading ${options.input}` });
  if (isJsonLines(options.input)) {
    const read = await profileWithColumns(options.input, seed, readJsonl, options.signal);
    profile = read.profile;
    format = { kind: 'jsonl', columns: read.columns };
  } else if (isParquet(options.input)) {
    const read = await profileWithColumns(options.input, seed, readParquet, options.signal);
    profile = read.profile;
    format = { kind: 'parquet', columns: read.columns };
  } else {
    const dialect = await detectDialect(options.input);
    profile = await profileTable(options.input, cancellable(csvSource(options.input, dialect), options.signal), seed);
    format = { kind: 'csv', dialect };
  }
  if (profile.rows === 0) {
    throw new ReproError({
      code: 'synth-empty',
      kind: 'usage',
      message: `${options.input} has a header but no data rows.`,
      file: options.input,
    });
  }
  // Reading was the long part; a cancel that came during generating must still stop the write.
  const checkCancelled = (): void => {
    if (options.signal?.aborted === true) throw new CancelledError('Making the synthetic sample');
  };
  checkCancelled();
  progress({ phase: 'generate', message: `Generating ${rows} rows` });
  const generated = generateRows(profile, { rows, seed, k });
  checkCancelled();
  progress({ phase: 'assess', message: 'Checking the sample against the real rows' });
  const fidelity = assessFidelity(profile, generated.rows, generated, seed);
  checkCancelled();
  const ratio = fidelity.privacy.closestRecord.ratio;
  if (fidelity.privacy.exactCopies > 0 || (ratio !== null && ratio < MIN_CLOSEST_RECORD_RATIO)) {
    throw new ReproError({
      code: 'synth-too-close',
      message: `The synthetic sample of ${options.input} sits too close to the real records (closest-record ratio ${ratio?.toFixed(2) ?? '?'}, ${fidelity.privacy.exactCopies} exact copies); it was not written.`,
      fix: 'Raise the rare-category threshold (k), generate fewer rows, or leave out columns that identify records.',
      inputs: ['privacyThreshold'],
      file: options.input,
    });
  }
  progress({ phase: 'write', message: `Writing ${options.output}` });
  if (format.kind === 'csv')
    await writeCsv(
      options.output,
      format.dialect,
      format.dialect.header ? profile.header : null,
      generated.rows,
      options.replace ?? true,
    );
  else if (format.kind === 'jsonl')
    await writeFileAtomically(options.output, formatJsonl(format.columns, generated.rows), {
      replace: options.replace ?? true,
    });
  else
    await writeFileAtomically(options.output, formatParquet(format.columns, generated.rows), {
      replace: options.replace ?? true,
    });
  return {
    input: options.input,
    output: options.output,
    options: { rows, seed, k },
    format,
    realRows: profile.rows,
    columns: profile.columns.map(({ categories: _categories, patterns: _patterns, ...rest }) => rest),
    fidelity,
  };
}
