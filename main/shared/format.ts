// How numbers, sizes and fingerprints read, the same in the CLI and the GUI. Sizes are in SI
// units (kB, MB, GB: powers of 1000), like Docker's CLI.

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** `3 files`, `1 file`, `20,000 files`; `pluralWord` for irregular plurals. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? word : pluralWord}`;
}

/** A key's fingerprint (SHA-256, hex) in groups of four, so a person can compare it over the phone. */
export function formatFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * Text from a bundle or a run, safe to print: C0 and C1 control characters, DEL and the Unicode
 * bidirectional and format controls (which can move the cursor, recolour, erase, or reorder what
 * is shown) become visible `\uXXXX` escapes. Newlines and tabs are kept, for multi-line output.
 * The escape is also valid inside a JSON string, so JSON output stays JSON.
 */
export function escapeControls(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
