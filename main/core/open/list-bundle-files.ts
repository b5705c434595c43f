// One page of a bundle's file list, for the fronts (Open › Files): a bundle of 100,000s of files
// is never sent whole. The list is read once per bundle file (the signature checked, as inspect
// does) and kept for the next pages — keyed by the file's identity, size and time, so a bundle
// replaced on disk is read again — and the last filter's matches are kept with it.
import { stat } from 'node:fs/promises';
import type { ManifestFile } from '../../shared/manifest';
import { FileTable } from '../../shared/file-table';
import { ReproError } from '../errors';
import { nextTurn, sliceSpent } from '../yield';
import { openBundle } from './open-bundle';

export interface FilePageRequest {
  /** Part of the path, case-insensitive; empty lists every file. */
  filter: string;
  offset: number;
  limit: number;
}

export interface FilePage {
  /** Files in the bundle. */
  total: number;
  /** Files that match the filter. */
  matching: number;
  offset: number;
  files: ManifestFile[];
}

interface ReadList {
  key: string;
  files: FileTable;
  filter: string;
  /** Indexes of the files that match the filter; null when there is none (every file). */
  matches: readonly number[] | null;
}

/** Bundles whose lists are kept: the one open, and the one opened before it. */
const KEPT = 2;
const kept: ReadList[] = [];

export async function listBundleFiles(file: string, request: FilePageRequest): Promise<FilePage> {
  const list = await readList(file);
  const filter = request.filter.trim().toLowerCase();
  if (list.filter !== filter) {
    const matches: number[] = [];
    for (let index = 0; index < list.files.length && filter !== ''; index += 1) {
      if (sliceSpent(index)) await nextTurn();
      if (list.files.path(index).toLowerCase().includes(filter)) matches.push(index);
    }
    list.filter = filter;
    list.matches = filter === '' ? null : matches;
  }
  const matching = list.matches?.length ?? list.files.length;
  const files: ManifestFile[] = [];
  for (let at = request.offset; at < Math.min(matching, request.offset + request.limit); at += 1)
    files.push(list.files.at(list.matches?.[at] ?? at) as ManifestFile);
  return { total: list.files.length, matching, offset: request.offset, files };
}

async function readList(file: string): Promise<ReadList> {
  const stats = await stat(file);
  const key = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${file}`;
  const found = kept.find((list) => list.key === key);
  if (found !== undefined) return found;
  const opened = await openBundle(file);
  if ('rejected' in opened) {
    throw new ReproError({
      code: 'bundle-rejected',
      message: `${file} cannot be read as a bundle: ${opened.rejected.join('; ')}`,
      fix: 'Verify it to see every problem; ask its author for a sound copy.',
      file,
    });
  }
  await opened.reader.close();
  const manifest = opened.manifest ?? opened.unverifiedManifest;
  const list: ReadList = { key, files: manifest?.files ?? FileTable.empty, filter: '', matches: null };
  kept.unshift(list);
  kept.splice(KEPT);
  return list;
}
