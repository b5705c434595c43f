// Writing a file so that readers see the old content or the new, never half of it: the data goes
// to a temporary name beside the target, is flushed, and is renamed over it when complete. On any
// failure (an error, a cancel, a full disk) the temporary file is removed. In no-replace mode an
// existing target is refused at the final step itself (a hard link, which fails when the name is
// taken), so a file created meanwhile by someone else is never overwritten.
import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors';

export interface AtomicWriteOptions {
  /** Keep an existing file instead of replacing it (default: replace). */
  replace?: boolean;
  /** Permissions of the new file (default 0o644). */
  mode?: number;
}

/** The temporary name an atomic write of `target` uses (`partialPrefix` finds stale ones). */
function partialName(target: string): string {
  return path.join(path.dirname(target), `${partialPrefix(target)}${process.pid}-${randomBytes(4).toString('hex')}`);
}

export function partialPrefix(target: string): string {
  return `.${path.basename(target)}.partial-`;
}

/**
 * Lets `fill` write the new content to a fresh temporary path (created empty, with `mode`), then
 * puts it in place. `fill` may write it any way it likes (a stream, a handle) but must have
 * closed it when its promise settles.
 */
export async function writeAtomically<T>(
  target: string,
  fill: (partial: string) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<T> {
  const file = path.resolve(target);
  const partial = partialName(file);
  await (await open(partial, 'wx', options.mode ?? 0o644)).close();
  try {
    const result = await fill(partial);
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await commit(partial, file, options.replace ?? true);
    return result;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Writes `data` to `target` atomically. */
export async function writeFileAtomically(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeAtomically(
    target,
    async (partial) => {
      const handle = await open(partial, 'w');
      try {
        await handle.writeFile(data);
      } finally {
        await handle.close();
      }
    },
    options,
  );
}

async function commit(partial: string, file: string, replace: boolean): Promise<void> {
  if (replace) {
    await rename(partial, file);
    return;
  }
  try {
    await link(partial, file);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') {
      throw new ReproError({
        code: 'file-exists',
        kind: 'usage',
        message: `${file} already exists; it was left as it is.`,
        fix: 'Choose another file name, or ask for the existing file to be replaced.',
        inputs: ['output', 'overwrite'],
        file,
      });
    }
    throw error;
  }
  await unlink(partial);
}
