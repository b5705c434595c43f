// SHA-256 of a file or a folder, streamed (never a whole file in memory). A folder's digest is
// the SHA-256 of its `sha256sum`-style listing (sorted relative paths), with its size and count.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CancelledError } from './errors';

export interface Digest {
  sha256: string;
  size: number;
  files: number;
}

/** `onBytes` hears the running total after each chunk, for a progress bar on large files. */
export async function hashFile(file: string, signal?: AbortSignal, onBytes?: (done: number) => void): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    if (signal?.aborted === true) throw new CancelledError(`Hashing ${file}`);
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    onBytes?.(size);
  }
  return { sha256: hash.digest('hex'), size, files: 1 };
}

/** `onBytes` hears the running total (over a folder's files) after each chunk. */
export async function hashPath(
  target: string,
  signal?: AbortSignal,
  onBytes?: (done: number) => void,
): Promise<Digest> {
  const info = await stat(target);
  if (!info.isDirectory()) return hashFile(target, signal, onBytes);
  const entries = (await readdir(target, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(target, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
  const listing = createHash('sha256');
  let size = 0;
  for (const rel of entries) {
    const before = size;
    const digest = await hashFile(
      path.join(target, rel),
      signal,
      onBytes === undefined ? undefined : (done) => onBytes(before + done),
    );
    listing.update(`${digest.sha256}  ${rel}\n`);
    size += digest.size;
  }
  return { sha256: listing.digest('hex'), size, files: entries.length };
}
