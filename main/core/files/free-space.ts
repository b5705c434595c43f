// Refuses work that cannot fit on the disk before it starts (issue 13): extracting a bundle or
// writing a copy needs about as many bytes as the files it holds, and finding that out at the
// last write wastes minutes and leaves the user a bare ENOSPC. What counts is what this user may
// use (`bavail`, not `bfree`, which includes the blocks reserved for root).
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '../../shared/format';
import { ReproError } from '../errors';

/** What `bytes` written into `dir` would need against what this user may use there; null when the file system cannot say. */
export async function spaceFor(dir: string, bytes: number): Promise<{ needed: number; free: number } | null> {
  const stats = await statfs(dir).catch(() => undefined);
  if (stats === undefined) return null; // a file system that cannot say: the writes themselves will tell
  // A margin for file-system overhead (a block per small file, directories, metadata).
  return { needed: Math.ceil(bytes * 1.05) + 1024 * 1024, free: stats.bavail * stats.bsize };
}

/** Throws a ReproError naming the folder, the need and what is free when `bytes` will not fit in `dir`. */
export async function requireFreeSpace(dir: string, bytes: number, purpose: string): Promise<void> {
  const space = await spaceFor(dir, bytes);
  if (space === null || space.free >= space.needed) return;
  const { needed, free } = space;
  throw new ReproError({
    code: 'disk-full',
    message: `Not enough free space in ${dir} for ${purpose}: about ${formatBytes(needed)} is needed and ${formatBytes(free)} is free.`,
    fix: `Free at least ${formatBytes(needed - free)} on that disk, or use a folder on another disk.`,
    file: dir,
  });
}

/**
 * A warning when a write whose final size is unknown (a bundle: compression decides) may not fit:
 * `bytes` is the most it can take. Null when it fits or the file system cannot say.
 */
export async function mayNotFit(dir: string, bytes: number, purpose: string): Promise<string | null> {
  const space = await spaceFor(dir, bytes);
  if (space === null || space.free >= space.needed) return null;
  return `${dir} has ${formatBytes(space.free)} free and ${purpose} may take up to about ${formatBytes(space.needed)} (its files uncompressed): it fits only if they compress well. If it stops for lack of space, nothing is left behind; free some space or choose another disk.`;
}

/**
 * A write of `target` that failed for lack of space (ENOSPC, or the user's quota), as a disk-full
 * error naming the folder, how far it got and what is free now that its partial file is gone;
 * undefined for any other failure.
 */
export async function diskFilledUp(error: unknown, target: string, written: number): Promise<ReproError | undefined> {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return undefined;
  const dir = path.dirname(target);
  const free = (await spaceFor(dir, 0))?.free ?? null;
  return new ReproError({
    code: 'disk-full',
    message: `The disk holding ${dir} filled up while writing ${path.basename(target)}: it needed more than the ${formatBytes(written)} written${free === null ? '' : `, and ${formatBytes(free)} is free`}. The partial file was removed.`,
    fix: `Free more than ${formatBytes(Math.max(written - (free ?? 0), 0) + 1024 * 1024)} on that disk, or write to a folder on another disk.`,
    file: dir,
    cause: error,
  });
}
