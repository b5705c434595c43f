// Reads a small file under a folder without trusting what is there: the path must be the bundle
// format's plain relative path; the file must be a regular file (a FIFO or a device would block
// or never end) no larger than a cap, read no further than the cap even if it grows; and, for
// what a replay's run wrote, no link is followed anywhere on the way (the run may plant links to
// the reviewer's own files). Opened non-blocking, so a FIFO is refused instead of waited on.
import { constants } from 'node:fs';
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
