// Class 9 of the adversarial review: an attestation whose verdict is not what its own metric
// comparisons give is refused, however validly it is signed.
import { describe, expect, it } from 'vitest';
import { contradiction } from '../../../../main/core/submission/attestation';
import type { Statement } from '../../../../main/shared/attestation';

const statement = (verdict: Statement['predicate']['verdict'], passed: boolean[]): Statement =>
  ({
    predicate: {
      verdict,
      metrics: passed.map((ok, index) => ({
        name: `m${index}`,
        file: 'metrics.json',
        recorded: 1,
        obtained: ok ? 1 : 2,
        difference: ok ? 0 : 1,
        allowed: 0,
        passed: ok,
        reason: ok ? 'equal' : 'differs',
      })),
    },
  }) as unknown as Statement;

describe('contradiction', () => {
  it('REPRODUCED needs metrics, all passing; MISMATCH needs one failing', () => {
    expect(contradiction(statement('REPRODUCED', [true, true]))).toBeUndefined();
    expect(contradiction(statement('REPRODUCED', [true, false]))).toBe(
      'it says REPRODUCED, but 1 of its 2 metrics did not pass',
    );
    expect(contradiction(statement('REPRODUCED', []))).toBe('it says REPRODUCED, but it compares no metric');
    expect(contradiction(statement('MISMATCH', [true]))).toBe('it says MISMATCH, but every one of its metrics passed');
    expect(contradiction(statement('MISMATCH', [false, true]))).toBeUndefined();
    expect(contradiction(statement('FAILED', []))).toBeUndefined();
  });
});
