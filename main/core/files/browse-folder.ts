// The web mode's server-side file picker: lists one folder for the browser, which cannot read
// local paths itself. Confined to its roots — the user's home, and the folders the user added in
// Settings — and says which they are: the requested folder is resolved through its links first,
// so neither `..` nor a link leads outside them.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors';
import { errorMessage } from '../../shared/error-text';

export interface FolderListing {
  path: string;
  parent: string | null;
  home: string;
  /** Every folder the browser may open (home first), as resolved; roots that do not exist are left out. */
  roots: string[];
  entries: { name: string; path: string; kind: 'folder' | 'file'; size: number | null }[];
  truncated: boolean;
}

export const MAX_LISTED_ENTRIES = 2000;

export async function browseFolder(
  root: string,
  requested: string | undefined,
  extensions: readonly string[] | undefined,
  /** Folders the user added (Settings); a missing one is skipped. */
  extraRoots: readonly string[] = [],
): Promise<FolderListing> {
  const home = await realpath(root);
  const roots = [home];
  for (const extra of extraRoots) {
    const resolved = await realpath(extra).catch(() => undefined);
    if (resolved !== undefined && !roots.some((known) => isInside(known, resolved))) roots.push(resolved);
  }
  let folder: string;
  try {
    folder = await realpath(path.resolve(home, requested ?? home));
  } catch (error) {
    throw new ReproError({
      code: 'folder-missing',
      kind: 'usage',
      message: `${requested ?? home} cannot be opened: ${errorMessage(error)}`,
      fix: 'Check the path, or start again from your home folder.',
      file: requested,
    });
  }
  const within = roots.find((candidate) => isInside(candidate, folder));
  if (within === undefined) {
    throw new ReproError({
      code: 'outside-home',
      kind: 'usage',
      message: `${folder} is outside the folders the browser can open (${roots.join(', ')}).`,
      fix: 'Add a folder above it to the folders the browser may open, or type the full path into the field instead.',
      inputs: ['browseRoots'],
      file: folder,
    });
  }
  const relative = path.relative(within, folder);
  const dirents = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    throw new ReproError({
      code: 'folder-unreadable',
      kind: 'usage',
      message: `${folder} cannot be listed: ${errorMessage(error)}`,
      fix: 'Check its permissions.',
      file: folder,
    });
  });
  const wanted = extensions?.map((extension) => extension.toLowerCase());
  const entries: FolderListing['entries'] = [];
  for (const dirent of dirents) {
    // Hidden entries are noise in a picker; a path typed by hand still reaches them.
    if (dirent.name.startsWith('.')) continue;
    const full = path.join(folder, dirent.name);
    // A link is listed only when it stays inside the roots; opening one that leaves would be refused.
    if (dirent.isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined);
      if (target === undefined || !roots.some((candidate) => isInside(candidate, target))) continue;
    }
    const info = await stat(full).catch(() => undefined);
    if (info === undefined) continue;
    if (info.isDirectory()) entries.push({ name: dirent.name, path: full, kind: 'folder', size: null });
    else if (
      info.isFile() &&
      (wanted === undefined || wanted.some((extension) => dirent.name.toLowerCase().endsWith(extension)))
    ) {
      entries.push({ name: dirent.name, path: full, kind: 'file', size: info.size });
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  return {
    path: folder,
    parent: relative === '' ? null : path.dirname(folder),
    home,
    roots,
    entries: entries.slice(0, MAX_LISTED_ENTRIES),
    truncated: entries.length > MAX_LISTED_ENTRIES,
  };
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
