// How many bytes a folder holds, counted without following links (what a run wrote may link
// anywhere): what the outputs quota of a replay checks once a second while the run goes on.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Bytes of regular files under `dir`; stops counting once past `stopAbove` (it only needs to know that). */
export async function folderSize(dir: string, stopAbove = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0 && total <= stopAbove) {
    const current = pending.pop() as string;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) total += (await lstat(full).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}
