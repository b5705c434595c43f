// The one path type of the bundle format: every path a manifest records (project files, results,
// metrics, data, samples) and every archive entry name is a relative POSIX path of plain segments,
// so nothing can name a place outside the folder it is read from, on any OS, and no two file
// systems read it differently. Checked when a manifest is parsed (manifest.ts) and when an archive
// is read (core/zip); every use on disk checks containment again after resolving links.

/** Device names Windows reserves in every folder, with or without an extension (`con`, `nul.txt`, `COM1`). */
const WINDOWS_RESERVED = new Set(['con', 'prn', 'aux', 'nul']);
const WINDOWS_NUMBERED = new Set(['com', 'lpt']);

/**
 * Why `path` is not a relative, normalised, contained path, or undefined when it is. `noun` names
 * what is checked in the reason ("path", or "name" for an archive entry).
 */
export function pathProblem(path: string, noun = 'path'): string | undefined {
  if (path.length === 0) return `empty ${noun}`;
  if (path.length > 4096) return `${noun} longer than 4096 characters`;
  if (path.includes('\0')) return `NUL byte in ${noun}`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return `control character in ${noun}`;
  if (path.includes('\\')) return `backslash in ${noun} (a path separator on Windows)`;
  if (path.startsWith('/')) return 'absolute path';
  if (/^[a-zA-Z]:/.test(path)) return 'drive-letter path';
  if (path.endsWith('/')) return 'ends in a slash (a folder, not a file)';
  // Segment by segment with indexes, not split: every archive entry and every listed file is
  // checked, and a million of them made a million arrays and several million strings.
  for (let start = 0; start <= path.length;) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const problem = segmentProblem(path, start, end);
    if (problem !== undefined) return problem;
    start = end + 1;
  }
  return undefined;
}

/** What is wrong with the segment path[start, end), if anything (a string is made only for the reason). */
function segmentProblem(path: string, start: number, end: number): string | undefined {
  if (end === start) return 'empty path segment (//)';
  const last = path.charCodeAt(end - 1);
  const dot = 0x2e;
  if (last === dot && (end - start === 1 || (end - start === 2 && path.charCodeAt(start) === dot)))
    return `"${path.slice(start, end)}" path segment`;
  // The part before the first dot is what Windows matches against its device names.
  let stem = path.indexOf('.', start);
  if (stem === -1 || stem > end) stem = end;
  if (stem - start === 3 || stem - start === 4) {
    const name = path.slice(start, start + 3).toLowerCase();
    const reserved =
      stem - start === 3
        ? WINDOWS_RESERVED.has(name)
        : WINDOWS_NUMBERED.has(name) && path.charCodeAt(start + 3) >= 0x30 && path.charCodeAt(start + 3) <= 0x39;
    if (reserved) return `"${path.slice(start, end)}" is a reserved device name on Windows`;
  }
  if (last === dot || last === 0x20) return `"${path.slice(start, end)}" ends in a dot or space (Windows drops them)`;
  return undefined;
}

/** Where a bundle keeps its synthetic samples and their reports. */
export const SAMPLES_FOLDER = 'samples/';

/** The schemes a data pointer may name: where data is fetched from, never the reviewer's disk. */
export const DATA_URI_SCHEMES = ['https', 'http', 's3', 'gs', 'azure', 'az', 'ssh'] as const;

/** The scheme of a `scheme://…` URL, lower-cased; undefined for anything else (a local path). */
export function uriScheme(uri: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
}

/** Why `uri` may not be a data pointer's source, or undefined when it may. */
export function dataUriProblem(uri: string): string | undefined {
  const scheme = uriScheme(uri);
  if (scheme === undefined) return 'not a URL (local paths are never read from a manifest)';
  if (!(DATA_URI_SCHEMES as readonly string[]).includes(scheme))
    return `the scheme "${scheme}" is not one of ${DATA_URI_SCHEMES.join(', ')}`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\s]/.test(uri)) return 'whitespace or a control character in the URL';
  return undefined;
}
