// How faithful and how private a synthetic sample is: per column real vs synthetic statistics
// (KS for numbers, total-variation distance for categories), the correlation-matrix difference,
// the distance to the closest real record against the distance between real records, and a
// summary a person reads in ten seconds.
import type { ColumnProfile, TableProfile } from './profile';
import { numericValue, sortedNumbers, sortedReal } from './generate';
import { Random } from './random';
import type { ColumnFidelity, FidelityReport } from '../../shared/views';
import { correlation, ksStatistic, meanAndStd, midRank, quantile } from './stats';

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
export const MIN_CLOSEST_RECORD_RATIO = 0.5;

export function assessFidelity(
  profile: TableProfile,
  rows: readonly string[][],
  extra: { regenerated: number; suppressed: Record<string, number> },
  seed: number,
): FidelityReport {
  const columns = profile.columns.map((column, index) => columnFidelity(column, index, profile, rows));
  const numeric = profile.columns.flatMap((column, index) =>
    column.type === 'integer' || column.type === 'float' || column.type === 'datetime' ? [index] : [],
  );
  // Each column's series once, not once per pair.
  const toSeries = (source: readonly string[][], index: number): number[] =>
    source.map((row) => numericValue(profile.columns[index] as ColumnProfile, row[index]));
  const realSeries = new Map(numeric.map((index) => [index, toSeries(profile.reservoir, index)]));
  const syntheticSeries = new Map(numeric.map((index) => [index, toSeries(rows, index)]));
  let maxDifference = 0;
  let sumDifference = 0;
  let pairs = 0;
  for (let a = 0; a < numeric.length; a += 1) {
    for (let b = a + 1; b < numeric.length; b += 1) {
      const i = numeric[a] as number;
      const j = numeric[b] as number;
      const difference = Math.abs(
        correlation(realSeries.get(i) as number[], realSeries.get(j) as number[]) -
          correlation(syntheticSeries.get(i) as number[], syntheticSeries.get(j) as number[]),
      );
      maxDifference = Math.max(maxDifference, difference);
      sumDifference += difference;
      pairs += 1;
    }
  }
  const exactCopies = rows.filter((row) => profile.realRows.has(row)).length;
  const closestRecord = closestRecordDistances(profile, rows, seed);
  const report: FidelityReport = {
    columns,
    correlation: { maxDifference, meanDifference: pairs === 0 ? 0 : sumDifference / pairs, pairs },
    privacy: { exactCopies, regenerated: extra.regenerated, closestRecord, suppressedCategories: extra.suppressed },
    summary: '',
  };
  report.summary = summarize(report);
  return report;
}

function columnFidelity(
  column: ColumnProfile,
  index: number,
  profile: TableProfile,
  rows: readonly string[][],
): ColumnFidelity {
  const missingRate = {
    real: column.missingRate,
    synthetic: rows.filter((row) => (row[index] ?? '') === column.missingToken).length / Math.max(1, rows.length),
  };
  const base = { name: column.name, type: column.type, missingRate };
  if (column.type === 'integer' || column.type === 'float' || column.type === 'datetime') {
    const real = sortedReal(profile, index);
    const synthetic = sortedNumbers(rows, column, index);
    const describe = (values: number[]): { mean: number; std: number; quantiles: number[] } => ({
      ...meanAndStd(values),
      quantiles: QUANTILES.map((q) => quantile(values, q)),
    });
    return {
      ...base,
      real: describe(real),
      synthetic: describe(synthetic),
      distance: ksStatistic(real, synthetic),
      measure: 'KS',
    };
  }
  if (column.type === 'categorical' || column.type === 'boolean') {
    const total = column.categories.reduce((sum, [, count]) => sum + count, 0);
    const counts = new Map<string, number>();
    let present = 0;
    for (const row of rows) {
      const value = (row[index] ?? '').trim();
      if (value === column.missingToken.trim()) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      present += 1;
    }
    const keys = new Set([...column.categories.map(([value]) => value), ...counts.keys()]);
    let tvd = 0;
    const real = new Map(column.categories);
    for (const key of keys)
      tvd += Math.abs((real.get(key) ?? 0) / Math.max(1, total) - (counts.get(key) ?? 0) / Math.max(1, present));
    return { ...base, real: null, synthetic: null, distance: tvd / 2, measure: 'TVD' };
  }
  return { ...base, real: null, synthetic: null, distance: null, measure: 'none (format-preserving fake)' };
}

/**
 * Median distance from synthetic rows to their closest real row, against the same for real rows
 * held out from the reference: a sample much closer to the real data than real rows are to each
 * other has memorised it. Numbers compare by rank, everything else by equality.
 */
function closestRecordDistances(
  profile: TableProfile,
  rows: readonly string[][],
  seed: number,
): FidelityReport['privacy']['closestRecord'] {
  const random = new Random(seed ^ 0xdc12);
  const shuffled = [...profile.reservoir];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j] as string[], shuffled[i] as string[]];
  }
  const holdout = shuffled.slice(0, 200);
  const reference = shuffled.slice(200, 2200);
  if (reference.length === 0) return { synthetic: 0, realToReal: 0, ratio: null };
  const sorted = profile.columns.map((column, index) =>
    column.type === 'integer' || column.type === 'float' || column.type === 'datetime'
      ? sortedReal(profile, index)
      : undefined,
  );
  const compared = profile.columns.flatMap((column, index) =>
    column.type === 'identifier' || column.type === 'text' ? [] : [index],
  );
  const features = (row: readonly string[]): (number | string)[] =>
    compared.map((index) => {
      const ranks = sorted[index];
      if (ranks === undefined) return (row[index] ?? '').trim();
      const value = numericValue(profile.columns[index] as ColumnProfile, row[index]);
      return Number.isNaN(value) ? 'missing' : midRank(ranks, value);
    });
  const referenceFeatures = reference.map(features);
  const distance = (a: (number | string)[], b: (number | string)[]): number =>
    a.reduce<number>(
      (sum, value, k) =>
        sum +
        (typeof value === 'number' && typeof b[k] === 'number'
          ? Math.abs(value - (b[k] as number))
          : value === b[k]
            ? 0
            : 1),
      0,
    ) / Math.max(1, a.length);
  const closest = (row: (number | string)[]): number =>
    referenceFeatures.reduce((best, candidate) => Math.min(best, distance(row, candidate)), Infinity);
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const synthetic = median(rows.slice(0, 200).map((row) => closest(features(row))));
  const realToReal = median(holdout.map((row) => closest(features(row))));
  return { synthetic, realToReal, ratio: realToReal === 0 ? null : synthetic / realToReal };
}

function summarize(report: FidelityReport): string {
  const numeric = report.columns.filter((column) => column.measure === 'KS');
  const categorical = report.columns.filter((column) => column.measure === 'TVD');
  const worst = (list: ColumnFidelity[]): ColumnFidelity | undefined =>
    [...list].sort((a, b) => (b.distance ?? 0) - (a.distance ?? 0))[0];
  const parts = [`${report.columns.length} columns`];
  const worstNumeric = worst(numeric);
  if (worstNumeric !== undefined)
    parts.push(`numbers: KS ≤ ${(worstNumeric.distance ?? 0).toFixed(3)} (worst: ${worstNumeric.name})`);
  const worstCategory = worst(categorical);
  if (worstCategory !== undefined)
    parts.push(`categories: TVD ≤ ${(worstCategory.distance ?? 0).toFixed(3)} (worst: ${worstCategory.name})`);
  if (report.correlation.pairs > 0) parts.push(`correlations within ${report.correlation.maxDifference.toFixed(3)}`);
  const ratio = report.privacy.closestRecord.ratio;
  parts.push(
    `${report.privacy.exactCopies === 0 ? 'no real row copied' : `${report.privacy.exactCopies} rows equal a real row`}`,
  );
  if (ratio !== null) parts.push(`closest-record ratio ${ratio.toFixed(2)} (≥ ${MIN_CLOSEST_RECORD_RATIO} required)`);
  const suppressed = Object.values(report.privacy.suppressedCategories).reduce((sum, count) => sum + count, 0);
  if (suppressed > 0) parts.push(`${suppressed} rare categories suppressed`);
  return `${parts.join('; ')}.`;
}
