// Which entry names a bundle may contain: the bundle format's one path type (shared/bundle-path),
// and the key under which two names would collide.
import { pathProblem } from '../../shared/bundle-path';

/** Why `name` is not acceptable as an entry name, or undefined when it is. */
export function entryNameProblem(name: string): string | undefined {
  if (name.endsWith('/')) return 'directory entry (bundles contain files only)';
  return pathProblem(name, 'name');
}

/** The key under which two names would collide on a case-insensitive or normalising file system. */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
