// Compares the metrics a replay obtained with those the author recorded, metric by metric:
// numbers within max(absolute, relative × |recorded|), integers, strings and booleans exactly.
import type { Metric } from '../../shared/manifest';
import type { MetricComparison } from '../../shared/replay-report';

export function compareMetric(
  recorded: Metric,
  obtained: string | number | boolean | null | undefined,
): MetricComparison {
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
