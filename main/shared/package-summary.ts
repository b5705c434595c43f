// The package difference as every front words it (zod-free, so the renderer may import it): one
// summary line, then the versions that differ, which are what can move a number.
import type { PackageDifference } from './replay-report';
import { plural } from './format';

export function packageSummary(difference: PackageDifference): string {
  const parts = [
    difference.changed.length === 0 ? 'no version differs' : `${plural(difference.changed.length, 'version')} differ`,
    ...(difference.added.length === 0 ? [] : [`${difference.added.length} only in the image`]),
    ...(difference.removed.length === 0 ? [] : [`${difference.removed.length} only in the author's`]),
  ];
  return `Python packages, the image against the author's Python ${difference.recordedPython}: ${parts.join('; ')}`;
}

/** `numpy 2.4.6 → 1.24.2` (the author's → the image's), one per changed distribution. */
export function changedPackages(difference: PackageDifference): string[] {
  return difference.changed.map((entry) => `${entry.name} ${entry.recorded} → ${entry.current}`);
}
