// Reads a small file under a folder without trusting what is there: the path must be the bundle
// format's plain relative path; the file must be a regular file (a FIFO or a device would block
// or never end) no larger than a cap, read no further than the cap even if it grows; and, for
// what a replay's run wrote, no link is followed anywhere on the way (the run may plant links to
// the reviewer's own files). Opened non-blocking, so a FIFO is refused instead of waited on.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { pathProblem } from '../../shared/bundle-path';
import { formatBytes } from '../../shared/format';

export interface SmallFileOptions {
  maxBytes: number;
  /** False for files an untrusted process wrote: a link anywhere on the path is refused. */
  followLinks: boolean;
}

export type SmallFile = { ok: true; data: Buffer } | { ok: false; reason: string };

export async function readSmallFile(root: string, rel: string, options: SmallFileOptions): Promise<SmallFile> {
  const problem = pathProblem(rel);
  if (problem !== undefined) return { ok: false, reason: problem };
  const full = path.join(root, ...rel.split('/'));
  if (!options.followLinks) {
    const segments = rel.split('/');
    for (let index = 1; index <= segments.length; index += 1) {
      const partial = path.join(root, ...segments.slice(0, index));
      const info = await lstat(partial).catch(() => undefined);
      if (info === undefined) return { ok: false, reason: 'does not exist' };
      if (info.isSymbolicLink())
        return {
          ok: false,
          reason:
            index === segments.length ? 'is a link' : `is a link (${segments.slice(0, index).join('/')} is a link)`,
        };
    }
  }
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLinks ? 0 : constants.O_NOFOLLOW);
  let handle;
  try {
    handle = await open(full, flags);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      ok: false,
      reason:
        code === 'ENOENT' ? 'does not exist' : code === 'ELOOP' ? 'is a link' : `cannot be opened (${code ?? 'error'})`,
    };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'is not a regular file' };
    if (info.size > options.maxBytes)
      return { ok: false, reason: `is ${formatBytes(info.size)}, over the ${formatBytes(options.maxBytes)} limit` };
    // Read no more than the cap plus one byte, even if the file grew since it was checked.
    const buffer = Buffer.alloc(Math.min(info.size, options.maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > options.maxBytes) return { ok: false, reason: `grew over the ${formatBytes(options.maxBytes)} limit` };
    return { ok: true, data: buffer.subarray(0, filled) };
  } finally {
    await handle.close();
  }
}

/**
 * The same read for a project file the walk found, synchronously: a project of 100,000 tiny files
 * read through the thread pool (lstat, open, stat, read, close: five round trips each) took
 * ~10 s for the LFS-stub check alone; read this way ~1 s. Still opened non-blocking and checked
 * to be a regular file, so a file swapped for a FIFO since the walk is refused, never waited on.
 * Callers give the event loop a turn between slices (core/yield.ts). Undefined when the file is
 * gone, is not a regular file, or is larger than `maxBytes`.
 */
export function readProjectFileSync(full: string, maxBytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const got = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (got === 0) break;
      filled += got;
    }
    return filled > maxBytes ? undefined : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
