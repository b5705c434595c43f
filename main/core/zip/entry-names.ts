// Which entry names a bundle may contain. A name is a relative POSIX path of plain segments:
// nothing that could land outside the extraction folder on any OS, and nothing that two file
// systems would read differently.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why `name` is not acceptable as an entry name, or undefined when it is. */
export function entryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name.includes('\0')) return 'NUL byte in name';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character in name';
  if (name.includes('\\')) return 'backslash in name (a path separator on Windows)';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'drive-letter path';
  if (name.endsWith('/')) return 'directory entry (bundles contain files only)';
  for (const segment of name.split('/')) {
    if (segment === '') return 'empty path segment (//)';
    if (segment === '.' || segment === '..') return `"${segment}" path segment`;
    if (WINDOWS_RESERVED.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (/[. ]$/.test(segment)) return `"${segment}" ends in a dot or space (Windows drops them)`;
  }
  return undefined;
}

/** The key under which two names would collide on a case-insensitive or normalising file system. */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
