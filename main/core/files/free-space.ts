// Refuses work that cannot fit on the disk before it starts (issue 13): extracting a bundle or
// writing a copy needs about as many bytes as the files it holds, and finding that out at the
// last write wastes minutes and leaves the user a bare ENOSPC. What counts is what this user may
// use (`bavail`, not `bfree`, which includes the blocks reserved for root).
import { statfs } from 'node:fs/promises';
import { formatBytes } from '../../shared/format';
import { ReproError } from '../errors';

/** Throws a ReproError naming the folder, the need and what is free when `bytes` will not fit in `dir`. */
export async function requireFreeSpace(dir: string, bytes: number, purpose: string): Promise<void> {
  const stats = await statfs(dir).catch(() => undefined);
  if (stats === undefined) return; // a file system that cannot say: the writes themselves will tell
  const free = stats.bavail * stats.bsize;
  // A margin for file-system overhead (a block per small file, directories, metadata).
  const needed = Math.ceil(bytes * 1.05) + 1024 * 1024;
  if (free >= needed) return;
  throw new ReproError({
    code: 'disk-full',
    message: `Not enough free space in ${dir} for ${purpose}: about ${formatBytes(needed)} is needed and ${formatBytes(free)} is free.`,
    fix: `Free at least ${formatBytes(needed - free)} on that disk, or use a folder on another disk.`,
    file: dir,
  });
}
