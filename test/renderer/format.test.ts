// How the GUI shows values from a bundle: numbers rounded for reading, and strings with their
// control characters (terminal escapes, bidi overrides) shown escaped, never acted on.
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../renderer/src/format';

describe('formatValue', () => {
  it('rounds numbers and escapes control characters in strings', () => {
    expect(formatValue(0.123456789)).toBe('0.123457');
    expect(formatValue(null)).toBe('—');
    expect(formatValue('adam\u202Emaj')).toBe('adam\\u202emaj');
  });
});
