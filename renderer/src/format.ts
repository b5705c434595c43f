// How numbers, sizes and values read in the UI: the same rules on every screen.

import { escapeControls } from '../../main/shared/format';

export { formatBytes, plural } from '../../main/shared/format';

/** A recorded or obtained value as text: numbers with up to 6 significant digits. */
export function formatValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : Number(value.toPrecision(6)).toString();
  return escapeControls(String(value)); // a recorded string comes from a bundle
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
