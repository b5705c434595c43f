// Profiles a table in one streaming pass that keeps what must see every row (the row count, a
// seeded uniform reservoir sample, and a Bloom filter of every row for the exact-copy check) and
// then describes each column from the sample: inferred type, missing rate, range, decimals,
// category frequencies, string lengths and character-class patterns. Per-value work on every
// row cost 7× a bare parse; on a 20,000-row uniform sample the estimates are as good for
// generation, and rare-category suppression stays safe (a value seen fewer than K times in the
// file is seen at most as often in the sample). Memory is bounded whatever the file size.
import { stat } from 'node:fs/promises';
import { BloomFilter } from './bloom-filter';
import type { CsvDialect } from './csv-dialect';
import { Random } from './random';
import { readRows } from './read-csv';
import type { ColumnType } from '../../shared/views';

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  count: number;
  missing: number;
  missingRate: number;
  /** How missing values were written (the most common token: '', NA, NaN…). */
  missingToken: string;
  distinct: number;
  /** True when more distinct values were seen than are counted. */
  distinctCapped: boolean;
  min: number | null;
  max: number | null;
  /** Digits after the decimal point, the most seen (floats keep the input's precision). */
  decimals: number;
  /** Category → count, for categorical and boolean columns. */
  categories: [string, number][];
  length: { min: number; max: number; mean: number };
  /** Most common character-class shapes (A upper, a lower, 9 digit). */
  patterns: [string, number][];
  /** For datetimes: the layout to write them back in. */
  datetimeLayout: string | null;
}

export interface TableProfile {
  file: string;
  header: string[];
  rows: number;
  columns: ColumnProfile[];
  /** Seeded uniform sample of real rows (never written out). */
  reservoir: string[][];
  realRows: BloomFilter;
}

export const RESERVOIR_SIZE = 20_000;
const MAX_DISTINCT = 10_000;
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', 'none', '?']);
const BOOLEAN = /^(true|false|yes|no|t|f|y|n)$/i;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z)?)?$/;

class ColumnAccumulator {
  count = 0;
  missing = 0;
  missingTokens = new Map<string, number>();
  integers = 0;
  floats = 0;
  booleans = 0;
  datetimes = 0;
  min = Infinity;
  max = -Infinity;
  decimals = new Map<number, number>();
  values = new Map<string, number>();
  capped = false;
  lengthMin = Infinity;
  lengthMax = 0;
  lengthSum = 0;
  layouts = new Map<string, number>();

  /** Cheap character tests first, one Number() at most. */
  add(raw: string): void {
    this.count += 1;
    const value =
      raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
    if (value.length === 0 || (value.length <= 4 && MISSING.has(value))) {
      this.missing += 1;
      this.missingTokens.set(raw, (this.missingTokens.get(raw) ?? 0) + 1);
      return;
    }
    const length = value.length;
    if (length < this.lengthMin) this.lengthMin = length;
    if (length > this.lengthMax) this.lengthMax = length;
    this.lengthSum += length;
    // Once a column has too many distinct values it cannot be categorical: stop counting them.
    if (!this.capped) {
      const known = this.values.get(value);
      if (known !== undefined) this.values.set(value, known + 1);
      else if (this.values.size < MAX_DISTINCT) this.values.set(value, 1);
      else this.capped = true;
    }
    const first = value.charCodeAt(0);
    // "00123" is a code, not the number 123: its leading zeros must survive into the sample.
    const zeroPadded = first === 48 && length > 1 && value.charCodeAt(1) >= 48 && value.charCodeAt(1) <= 57;
    const numericStart = !zeroPadded && ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46); // digit - + .
    if (numericStart) {
      const number = Number(value);
      if (Number.isFinite(number)) {
        const dot = value.indexOf('.');
        const exponent = value.indexOf('e') >= 0 || value.indexOf('E') >= 0;
        if (dot < 0 && !exponent) this.integers += 1;
        this.floats += 1;
        this.observe(number, dot < 0 || exponent ? 0 : length - dot - 1);
        return;
      }
      if (length >= 10 && value.charCodeAt(4) === 45) {
        const time = parseDatetime(value);
        if (time !== undefined) {
          this.datetimes += 1;
          const layout = value.replace(/\d/g, '9');
          this.layouts.set(layout, (this.layouts.get(layout) ?? 0) + 1);
          if (time < this.min) this.min = time;
          if (time > this.max) this.max = time;
        }
      }
      return;
    }
    if (length <= 5 && BOOLEAN.test(value)) this.booleans += 1;
  }

  private observe(value: number, decimals: number): void {
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.decimals.set(decimals, (this.decimals.get(decimals) ?? 0) + 1);
  }

  /** `sample`: this column's values in the reservoir, for the character shapes. */
  finish(name: string, sample: readonly string[]): ColumnProfile {
    const present = this.count - this.missing;
    const share = (n: number): number => (present === 0 ? 0 : n / present);
    const distinct = this.values.size;
    let type: ColumnType;
    const mostlyText =
      [...this.values.keys()].slice(0, 200).filter((value) => /\s/.test(value)).length > 100 ||
      this.lengthSum / Math.max(1, present) > 30;
    // Every value different and a name that says so: record numbers, not measurements.
    const looksLikeId = /(^|[_\s.-])(id|key|uuid|code|number|no)$/i.test(name) || /^(id|key|uuid)$/i.test(name);
    if (present === 0) type = 'categorical';
    else if (share(this.integers) >= 0.98 && looksLikeId && !this.capped && distinct === present && present > 20)
      type = 'identifier';
    else if (share(this.integers) >= 0.98) type = 'integer';
    else if (share(this.floats) >= 0.98) type = 'float';
    else if (share(this.booleans) >= 0.98 && distinct <= 2) type = 'boolean';
    else if (share(this.datetimes) >= 0.98) type = 'datetime';
    else if (!this.capped && (distinct <= 50 || distinct / present <= 0.05)) type = 'categorical';
    else type = mostlyText ? 'text' : 'identifier';
    const top = <T>(map: Map<T, number>, n: number): [T, number][] =>
      [...map].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, n);
    return {
      name,
      type,
      count: this.count,
      missing: this.missing,
      missingRate: this.count === 0 ? 0 : this.missing / this.count,
      missingToken: top(this.missingTokens, 1)[0]?.[0] ?? '',
      distinct,
      distinctCapped: this.capped,
      min: Number.isFinite(this.min) ? this.min : null,
      max: Number.isFinite(this.max) ? this.max : null,
      decimals: top(this.decimals, 1)[0]?.[0] ?? 0,
      categories: type === 'categorical' || type === 'boolean' ? top(this.values, MAX_DISTINCT) : [],
      length: {
        min: Number.isFinite(this.lengthMin) ? this.lengthMin : 0,
        max: this.lengthMax,
        mean: present === 0 ? 0 : this.lengthSum / present,
      },
      patterns: top(shapesOf(sample), 5),
      datetimeLayout: type === 'datetime' ? (top(this.layouts, 1)[0]?.[0] ?? null) : null,
    };
  }
}

/** Character shapes of a column's sampled values (computed once, from the reservoir). */
function shapesOf(values: readonly string[]): Map<string, number> {
  const shapes = new Map<string, number>();
  for (const raw of values) {
    const value = raw.trim();
    if (value === '' || MISSING.has(value)) continue;
    const pattern = shape(value);
    shapes.set(pattern, (shapes.get(pattern) ?? 0) + 1);
  }
  return shapes;
}

/** Milliseconds since 1970 for `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]][Z]]`, read as UTC; else undefined. */
export function parseDatetime(value: string): number | undefined {
  const match = DATETIME.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, , hour = '00', minute = '00', second = '00', fraction = ''] = match;
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}Z`);
  return Number.isFinite(time) ? time : undefined;
}

/** `AB-1234x` → `AA-9999a`: the shape a value has, without the value. */
export function shape(value: string): string {
  return value.replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a').replace(/\d/g, '9');
}

/** Streams a table's data rows to `onRow` and returns its column names. */
export type RowSource = (onRow: (fields: string[]) => void) => Promise<string[]>;

/** The rows of a CSV/TSV file, without its header line. */
export function csvSource(file: string, dialect: CsvDialect): RowSource {
  return async (onRow) => {
    let header: string[] | undefined;
    await readRows(file, dialect, (fields) => {
      if (header === undefined) {
        header = dialect.header ? fields : fields.map((_, index) => `column_${index + 1}`);
        if (dialect.header) return;
      }
      onRow(fields);
    });
    return header ?? [];
  };
}

export async function profileTable(file: string, source: RowSource, seed: number): Promise<TableProfile> {
  const random = new Random(seed ^ 0x5eed);
  // Sized for ~32 bytes a row; shorter rows only raise the false-positive rate (more regenerations).
  const realRows = new BloomFilter(Math.max(100_000, Math.ceil((await stat(file)).size / 32)));
  const reservoir: string[][] = [];
  let seen = 0;
  const names = await source((fields) => {
    realRows.add(fields);
    // Algorithm R: every row ends up in the reservoir with the same probability.
    if (reservoir.length < RESERVOIR_SIZE) reservoir.push(fields);
    else {
      const slot = random.int(seen + 1);
      if (slot < RESERVOIR_SIZE) reservoir[slot] = fields;
    }
    seen += 1;
  });
  const columns = names.map((name, index) => {
    const values = reservoir.map((row) => row[index] ?? '');
    const accumulator = new ColumnAccumulator();
    for (const value of values) accumulator.add(value);
    return accumulator.finish(name, values);
  });
  return { file, header: names, rows: seen, columns, reservoir, realRows };
}
