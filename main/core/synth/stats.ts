// The statistics the synthesizer needs: the normal distribution function, empirical
// quantiles and ranks, Pearson correlation, Cholesky, and the two-sample KS statistic.

/** Φ(x), via the complementary error function (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The value at probability u of a sorted sample, interpolating between order statistics. */
export function quantile(sorted: readonly number[], u: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(Math.max(u, 0), 1) * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

/** Mid-rank of a value in a sorted sample, as a probability in (0, 1). */
export function midRank(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && sorted[end] === value) end += 1;
  return ((low + end) / 2 + 0.5) / (sorted.length + 1);
}

/** Pearson correlation over the pairs where both are numbers. */
export function correlation(x: readonly number[], y: readonly number[]): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n += 1;
    sx += a;
    sy += b;
    sxx += a * a;
    syy += b * b;
    sxy += a * b;
  }
  const denominator = Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
  return n < 3 || denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
}

/** Lower-triangular L with L·Lᵀ = m; the diagonal is nudged until m is positive definite. */
export function cholesky(matrix: readonly number[][]): number[][] {
  const n = matrix.length;
  for (let jitter = 0; jitter <= 0.5; jitter = jitter === 0 ? 1e-10 : jitter * 10) {
    const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    let ok = true;
    for (let i = 0; i < n && ok; i += 1) {
      for (let j = 0; j <= i; j += 1) {
        let sum = (matrix[i]?.[j] ?? 0) / (1 + (i === j ? 0 : jitter));
        for (let k = 0; k < j; k += 1) sum -= (l[i]?.[k] as number) * (l[j]?.[k] as number);
        if (i === j) {
          if (sum <= 0) {
            ok = false;
            break;
          }
          (l[i] as number[])[j] = Math.sqrt(sum);
        } else {
          (l[i] as number[])[j] = sum / (l[j]?.[j] as number);
        }
      }
    }
    if (ok) return l;
  }
  // Nothing worked: independent columns.
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0)));
}

/** Two-sample Kolmogorov–Smirnov statistic of two sorted samples. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= value) i += 1;
    while (j < b.length && (b[j] as number) <= value) j += 1;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}
