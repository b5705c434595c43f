// The verdict function, metric by metric: numbers within max(absolute, relative × |recorded|),
// exact comparison for integers, strings and booleans, missing and non-finite values, every
// tolerance edge, and the policy on tolerances too wide to certify anything (DESIGN §5a).
import { describe, expect, it } from 'vitest';
import { compareMetric, toleranceTooWide } from '../../../../main/core/replay/compare-results';
import type { Metric } from '../../../../main/shared/manifest';

const metric = (value: Metric['value'], tolerance: Metric['tolerance'] = null): Metric => ({
  name: 'm',
  file: 'metrics.json',
  source: 'file',
  value,
  tolerance,
});
const passes = (recorded: Metric, obtained: Parameters<typeof compareMetric>[1]): boolean =>
  compareMetric(recorded, obtained).passed;

describe('compareMetric', () => {
  it('missing or null is never a pass', () => {
    expect(compareMetric(metric(1), undefined)).toMatchObject({ passed: false, reason: 'not produced by the run' });
    expect(passes(metric(1), null)).toBe(false);
    expect(passes(metric('x'), undefined)).toBe(false);
  });

  it('integers and numbers without a tolerance compare exactly', () => {
    expect(passes(metric(10), 10)).toBe(true);
    expect(passes(metric(10), 11)).toBe(false);
    expect(passes(metric(0.5), 0.5 + Number.EPSILON)).toBe(false);
  });

  it('the tolerance is max(absolute, relative × |recorded|), both edges included', () => {
    // Powers of two, so the edges are exact in binary floating point.
    const tolerance = { absolute: 0.125, relative: 0.5 };
    expect(passes(metric(0.5, tolerance), 0.75)).toBe(true); // 0.25 = 0.5 × 0.5, the edge
    expect(passes(metric(0.5, tolerance), 0.2499)).toBe(false);
    expect(passes(metric(0.125, tolerance), 0.25)).toBe(true); // absolute 0.125 is the larger
    expect(passes(metric(0.125, tolerance), 0.2501)).toBe(false);
    expect(passes(metric(-2, { absolute: 0, relative: 0.5 }), -3)).toBe(true); // |recorded|
    expect(compareMetric(metric(0.5, tolerance), 0.75)).toMatchObject({ allowed: 0.25, reason: 'within tolerance' });
  });

  it('NaN and infinities pass only when identical to what was recorded', () => {
    const tolerance = { absolute: 1, relative: 1 };
    expect(passes(metric(0.5, tolerance), Number.NaN)).toBe(false);
    expect(passes(metric(0.5, tolerance), Number.POSITIVE_INFINITY)).toBe(false);
    expect(passes(metric(Number.POSITIVE_INFINITY, tolerance), Number.POSITIVE_INFINITY)).toBe(true);
    expect(passes(metric(Number.POSITIVE_INFINITY, tolerance), Number.NEGATIVE_INFINITY)).toBe(false);
  });

  it('strings and booleans compare exactly, and a value of another type never passes', () => {
    expect(passes(metric('adam'), 'adam')).toBe(true);
    expect(passes(metric('adam'), 'sgd')).toBe(false);
    expect(passes(metric(true), true)).toBe(true);
    expect(compareMetric(metric(1), '1')).toMatchObject({
      passed: false,
      reason: 'a string where a number was recorded',
    });
  });
});

describe('tolerances too wide to certify anything', () => {
  it('are flagged when the absolute part reaches |recorded| or the relative part reaches 1', () => {
    expect(toleranceTooWide(metric(0.1, { absolute: 1e300, relative: 0 }))).toContain('absolute tolerance');
    expect(toleranceTooWide(metric(0.1, { absolute: 0.1, relative: 0 }))).toContain('absolute tolerance');
    expect(toleranceTooWide(metric(0.1, { absolute: 0.0999, relative: 0 }))).toBeUndefined();
    expect(toleranceTooWide(metric(0.1, { absolute: 0, relative: 1 }))).toContain('relative tolerance');
    expect(toleranceTooWide(metric(0.1, { absolute: 0, relative: 0.999 }))).toBeUndefined();
    // The default floating-point slack on a metric recorded as 0 is not a choice of the author's.
    expect(toleranceTooWide(metric(0, { absolute: 1e-9, relative: 0.001 }))).toBeUndefined();
    expect(toleranceTooWide(metric(0, { absolute: 0.01, relative: 0 }))).toContain('absolute tolerance');
    expect(toleranceTooWide(metric(3))).toBeUndefined();
  });

  it('pass with a warning, and fail with strict tolerances', () => {
    const loose = metric(0.1, { absolute: 1e300, relative: 0 });
    expect(compareMetric(loose, 0.9).passed).toBe(true);
    expect(compareMetric(loose, 0.9, { strictTolerances: true })).toMatchObject({
      passed: false,
      reason: 'tolerance too wide (strict tolerances)',
    });
    expect(compareMetric(loose, 5, { strictTolerances: true }).passed).toBe(false);
  });
});
