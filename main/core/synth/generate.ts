// Generates synthetic rows from a profile: numeric and datetime columns jointly through a
// Gaussian copula over their rank correlations, with marginals from the empirical quantiles;
// categories by frequency with those seen fewer than K times suppressed; identifiers and free
// text as format-preserving fakes that are never a real value; missing values at the observed
// rate. Values are written in the input's formats (precision, datetime layout).
import type { ColumnProfile, TableProfile } from './profile';
import { parseDatetime, shape } from './profile';
import { Random } from './random';
import { cholesky, correlation, midRank, normalCdf, quantile } from './stats';

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** Categories seen fewer than k times are never written. */
  k: number;
}

export interface Generated {
  rows: string[][];
  /** Numeric columns (indexes) in the copula (categories follow them in the matrix), and its correlation matrix. */
  copulaColumns: number[];
  correlations: number[][];
  /** Categories left out because they were seen fewer than k times, per column. */
  suppressed: Record<string, number>;
  /** Rows regenerated because they matched a real row. */
  regenerated: number;
}

const NUMERIC = new Set(['integer', 'float', 'datetime']);
const SYLLABLES = ['ka', 'lo', 'mi', 'nu', 're', 'sa', 'ti', 'vo', 'pe', 'da', 'fi', 'gu', 'ho', 'ja', 'ze', 'bo'];

/** A reservoir value as a number (datetimes as milliseconds), or NaN when missing/unreadable. */
export function numericValue(column: ColumnProfile, raw: string | undefined): number {
  const value = (raw ?? '').trim();
  if (value === '') return Number.NaN;
  if (column.type === 'datetime') return parseDatetime(value) ?? Number.NaN;
  const number = Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}

/** A column's numeric values in `rows`, missing ones left out, sorted ascending. */
export function sortedNumbers(rows: readonly (readonly string[])[], column: ColumnProfile, index: number): number[] {
  return rows
    .map((row) => numericValue(column, row[index]))
    .filter((value) => !Number.isNaN(value))
    .sort((a, b) => a - b);
}

const realSortedCache = new WeakMap<TableProfile, Map<number, number[]>>();

/** `sortedNumbers` of the reservoir, computed once per column and shared by generation and fidelity. */
export function sortedReal(profile: TableProfile, index: number): number[] {
  let byColumn = realSortedCache.get(profile);
  if (byColumn === undefined) realSortedCache.set(profile, (byColumn = new Map()));
  let sorted = byColumn.get(index);
  if (sorted === undefined)
    byColumn.set(index, (sorted = sortedNumbers(profile.reservoir, profile.columns[index] as ColumnProfile, index)));
  return sorted;
}

export function generateRows(profile: TableProfile, options: GenerateOptions): Generated {
  const random = new Random(options.seed);
  const columns = profile.columns;
  const copulaColumns = columns.flatMap((column, index) => (NUMERIC.has(column.type) ? [index] : []));
  const sorted = copulaColumns.map((index) => sortedReal(profile, index));
  const suppressed: Record<string, number> = {};
  const categorical = columns.map((column) => {
    if (column.type !== 'categorical' && column.type !== 'boolean') return undefined;
    const kept = column.categories.filter(([, count]) => count >= options.k);
    suppressed[column.name] = column.categories.length - kept.length;
    const total = kept.reduce((sum, [, count]) => sum + count, 0);
    // Each kept category owns an interval of [0, 1) as wide as its frequency, so categories join
    // the copula and keep their association with the numbers (species ↔ petal size).
    let start = 0;
    const intervals = new Map(
      kept.map(([value, count]) => {
        const interval: [number, number] = [start, start + count / Math.max(1, total)];
        start = interval[1];
        return [value, interval] as const;
      }),
    );
    return { kept, total, intervals };
  });
  const categoricalColumns = columns.flatMap((_, index) =>
    categorical[index] === undefined || (categorical[index]?.kept.length ?? 0) < 2 ? [] : [index],
  );
  // The copula's correlations, from Spearman's rank correlation ρs as 2·sin(π·ρs/6): robust to
  // the ties that rounded measurements have (normal scores of tied values understate it).
  const ranks = copulaColumns.map((index, c) =>
    profile.reservoir.map((row) => {
      const value = numericValue(columns[index] as ColumnProfile, row[index]);
      return Number.isNaN(value) ? Number.NaN : midRank(sorted[c] as number[], value);
    }),
  );
  const jitter = new Random(options.seed ^ 0xca7);
  for (const index of categoricalColumns) {
    const intervals = categorical[index]?.intervals as Map<string, [number, number]>;
    ranks.push(
      profile.reservoir.map((row) => {
        const interval = intervals.get((row[index] ?? '').trim());
        return interval === undefined ? Number.NaN : interval[0] + (interval[1] - interval[0]) * jitter.next();
      }),
    );
  }
  const correlations = ranks.map((x, i) =>
    ranks.map((y, j) => (i === j ? 1 : 2 * Math.sin((Math.PI * correlation(x, y)) / 6))),
  );
  const factor = cholesky(correlations);

  const realValues = columns.map((column, index) =>
    column.type === 'identifier' || column.type === 'text'
      ? new Set(profile.reservoir.map((row) => (row[index] ?? '').trim()))
      : undefined,
  );
  const templates = columns.map((column, index) =>
    column.type === 'identifier'
      ? identifierTemplates(
          column,
          profile.reservoir.map((row) => (row[index] ?? '').trim()),
        )
      : undefined,
  );

  const makeRow = (): string[] => {
    const epsilon = [...copulaColumns, ...categoricalColumns].map(() => random.normal());
    const z = factor.map((row) => row.reduce((sum, weight, k) => sum + weight * (epsilon[k] as number), 0));
    return columns.map((column, index) => {
      if (random.next() < column.missingRate) return column.missingToken;
      const c = copulaColumns.indexOf(index);
      if (c >= 0) return formatNumber(column, quantile(sorted[c] as number[], normalCdf(z[c] as number)));
      const categories = categorical[index];
      const k = categoricalColumns.indexOf(index);
      if (categories !== undefined && k >= 0)
        return categoryAt(categories.intervals, normalCdf(z[copulaColumns.length + k] as number));
      if (categories !== undefined) return pickCategory(categories, random);
      const real = realValues[index] as Set<string>;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const fake =
          column.type === 'text'
            ? fakeText(column, random)
            : fakeIdentifier(column, templates[index] ?? new Map(), random);
        if (!real.has(fake)) return fake;
      }
      return fakeText(column, random);
    });
  };

  const rows: string[][] = [];
  let regenerated = 0;
  for (let produced = 0; produced < options.rows; produced += 1) {
    let row = makeRow();
    // Never a real row: the filter holds every row of the input.
    for (let attempt = 0; profile.realRows.has(row); attempt += 1) {
      if (attempt >= 50) throw new Error('could not generate a row unlike every real row');
      regenerated += 1;
      row = makeRow();
    }
    rows.push(row);
  }
  return { rows, copulaColumns, correlations, suppressed, regenerated };
}

/** The category whose interval holds u. */
function categoryAt(intervals: Map<string, [number, number]>, u: number): string {
  let last = 'other';
  for (const [value, [, end]] of intervals) {
    last = value;
    if (u < end) return value;
  }
  return last;
}

function pickCategory(categories: { kept: [string, number][]; total: number }, random: Random): string {
  if (categories.kept.length === 0) return 'other'; // every category was rare: none may appear
  let target = random.next() * categories.total;
  for (const [value, count] of categories.kept) {
    target -= count;
    if (target < 0) return value;
  }
  return categories.kept[categories.kept.length - 1]?.[0] ?? 'other';
}

export function formatNumber(column: ColumnProfile, value: number): string {
  if (column.type === 'integer') return String(Math.round(value));
  if (column.type === 'datetime') return formatDatetime(value, column.datetimeLayout ?? '9999-99-99');
  return value.toFixed(Math.min(column.decimals, 15));
}

/** Fills the digits of a layout like `9999-99-99T99:99:99Z` from a time's UTC fields, in order. */
function formatDatetime(time: number, layout: string): string {
  const iso = new Date(Math.round(time)).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.replace(/\D/g, '');
  let at = 0;
  return layout.replace(/9/g, () => digits[at++] ?? '0');
}

/**
 * For each shape of a column's values, a template: characters that are the same in every real
 * value of that shape stay (a prefix like `P-` identifies no one), the others become their class.
 */
function identifierTemplates(column: ColumnProfile, values: readonly string[]): Map<string, string> {
  const templates = new Map<string, string>();
  for (const [pattern] of column.patterns) {
    const same = values.filter((value) => shape(value) === pattern);
    templates.set(
      pattern,
      [...pattern]
        .map((kind, at) =>
          same.length > 1 && same.every((value) => value[at] === same[0]?.[at]) ? `\\${same[0]?.[at] ?? ''}` : kind,
        )
        .join(''),
    );
  }
  return templates;
}

/** A value with the shape of a real one: constant characters kept, the others drawn at random. */
function fakeIdentifier(column: ColumnProfile, templates: Map<string, string>, random: Random): string {
  const total = column.patterns.reduce((sum, [, count]) => sum + count, 0);
  let target = random.next() * total;
  let pattern = column.patterns[0]?.[0] ?? 'aaaaaaaa';
  for (const [candidate, count] of column.patterns) {
    target -= count;
    if (target < 0) {
      pattern = candidate;
      break;
    }
  }
  const template = templates.get(pattern) ?? pattern;
  // `\x` is a kept character; A, a and 9 are drawn from their class.
  return template.replace(/\\(.)|[Aa9]/g, (match: string, kept: string | undefined) =>
    kept !== undefined
      ? kept
      : match === '9'
        ? String(random.int(10))
        : String.fromCharCode((match === 'A' ? 65 : 97) + random.int(26)),
  );
}

function fakeText(column: ColumnProfile, random: Random): string {
  const length = Math.max(1, Math.round(column.length.min + random.next() * (column.length.max - column.length.min)));
  let text = '';
  while (text.length < length) {
    const word = Array.from({ length: 1 + random.int(3) }, () => random.pick(SYLLABLES)).join('');
    text += text === '' ? word : ` ${word}`;
  }
  return text.slice(0, length).trimEnd();
}
