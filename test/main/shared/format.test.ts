// Formatting shared by the CLI and the GUI: SI sizes, and text from a bundle or a run made safe
// to print (class 7 of the adversarial review: terminal spoofing).
import { describe, expect, it } from 'vitest';
import { escapeControls, formatBytes } from '../../../main/shared/format';

describe('formatBytes', () => {
  it('uses SI units, like Docker', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(45_200)).toBe('45.2 kB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.1 GB');
  });
});

describe('escapeControls', () => {
  it('shows C0, C1, DEL and bidi/format controls escaped, and keeps newlines and tabs', () => {
    const spoof =
      'MISMATCH\r\u001b[2K\u001b[32mREPRODUCED\u001b[0m\u009b2J\u007f \u202Eevil\u202C \u2066x\u2069 \u200f';
    const shown = escapeControls(spoof);
    expect(shown).toBe(
      'MISMATCH\\u000d\\u001b[2K\\u001b[32mREPRODUCED\\u001b[0m\\u009b2J\\u007f \\u202eevil\\u202c \\u2066x\\u2069 \\u200f',
    );
    // eslint-disable-next-line no-control-regex -- checking that none is left
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(escapeControls('a\tb\nc')).toBe('a\tb\nc');
  });

  it('keeps JSON valid: an escaped JSON string parses back to the original', () => {
    const value = { name: 'Ada\u202Eevil\u0085' };
    expect(JSON.parse(escapeControls(JSON.stringify(value)))).toEqual(value);
  });
});
