// Compares the metrics a replay obtained with those the author recorded, metric by metric:
// numbers within max(absolute, relative × |recorded|), integers, strings and booleans exactly.
// A tolerance so wide it would accept almost anything (DESIGN §5a: the absolute part at least
// |recorded|, or the relative part at least 1) is flagged; with `strict` it fails the metric.
import type { Metric } from '../../shared/manifest';
import type { MetricComparison } from '../../shared/replay-report';

/**
 * Below this an absolute tolerance is the default floating-point slack (results.ts), not a
 * choice: it is not flagged on a metric recorded as 0.
 */
const NEGLIGIBLE_ABSOLUTE = 1e-9;

/** Why this metric's tolerance is too wide to certify anything, or undefined when it is not. */
export function toleranceTooWide(recorded: Metric): string | undefined {
  if (typeof recorded.value !== 'number' || recorded.tolerance === null) return undefined;
  const { absolute, relative } = recorded.tolerance;
  const magnitude = Math.abs(recorded.value);
  if (absolute > NEGLIGIBLE_ABSOLUTE && absolute >= magnitude)
    return `${recorded.name}: its absolute tolerance ±${absolute} is at least the recorded value's size (${magnitude})`;
  if (relative >= 1)
    return `${recorded.name}: its relative tolerance ${relative} allows ${relative * 100}% of the recorded value`;
  return undefined;
}

export function compareMetric(
  recorded: Metric,
  obtained: string | number | boolean | null | undefined,
  options: { strictTolerances?: boolean } = {},
): MetricComparison {
  const comparison = compareValues(recorded, obtained);
  if (options.strictTolerances === true && comparison.passed && toleranceTooWide(recorded) !== undefined)
    return { ...comparison, passed: false, reason: 'tolerance too wide (strict tolerances)' };
  return comparison;
}

function compareValues(recorded: Metric, obtained: string | number | boolean | null | undefined): MetricComparison {
  const base = {
    name: recorded.name,
    file: recorded.file,
    recorded: recorded.value,
    obtained: obtained ?? null,
    difference: null,
    allowed: null,
  };
  if (obtained === undefined || obtained === null) return { ...base, passed: false, reason: 'not produced by the run' };
  if (typeof recorded.value === 'number' && typeof obtained === 'number') {
    const difference = obtained - recorded.value;
    if (recorded.tolerance === null) {
      return {
        ...base,
        difference,
        passed: difference === 0,
        reason: difference === 0 ? 'equal' : 'differs (compared exactly)',
      };
    }
    const allowed = Math.max(recorded.tolerance.absolute, recorded.tolerance.relative * Math.abs(recorded.value));
    const passed = Number.isFinite(difference) ? Math.abs(difference) <= allowed : Object.is(obtained, recorded.value);
    return { ...base, difference, allowed, passed, reason: passed ? 'within tolerance' : 'outside tolerance' };
  }
  const passed = recorded.value === obtained;
  return {
    ...base,
    passed,
    reason: passed
      ? 'equal'
      : typeof recorded.value === typeof obtained
        ? 'differs'
        : `a ${typeof obtained} where a ${typeof recorded.value} was recorded`,
  };
}
