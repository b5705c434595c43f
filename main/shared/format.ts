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
