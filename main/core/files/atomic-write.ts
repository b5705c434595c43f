// Writing a file so that readers see the old content or the new, never half of it: the data goes
// to a temporary name beside the target, is flushed, and is renamed over it when complete. On any
// failure (an error, a cancel, a full disk) the temporary file is removed. In no-replace mode an
// existing target is refused at the final step itself (a hard link, which fails when the name is
// taken), so a file created meanwhile by someone else is never overwritten. A process killed
// outright (SIGKILL, power loss) cannot clean up: the next write of the same target removes the
// temporary files of processes that are gone. Folders (a signing key's) are written the same way.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../errors';
import { isProcessAlive } from '../process-alive';

export interface AtomicWriteOptions {
  /** Keep an existing file instead of replacing it (default: replace). */
  replace?: boolean;
  /** Permissions of the new file (default 0o644). */
  mode?: number;
}

/** The temporary name an atomic write of `target` uses (PARTIAL below recognises it). */
function partialName(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
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
  await removeStalePartials(file);
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
    if ((error as { code?: string }).code === 'EEXIST') throw exists(file);
    throw error;
  }
  await unlink(partial);
}

/**
 * Writes a new folder whole or not at all: `fill` writes its files into a fresh private folder
 * beside `target`, which is then renamed into place. A non-empty `target` is refused at the rename
 * (which fails onto one); an empty one is replaced.
 */
export async function writeFolderAtomically<T>(target: string, fill: (staging: string) => Promise<T>): Promise<T> {
  const folder = path.resolve(target);
  await mkdir(path.dirname(folder), { recursive: true, mode: 0o700 });
  await removeStalePartials(folder);
  const staging = partialName(folder);
  await mkdir(staging, { mode: 0o700 });
  try {
    const result = await fill(staging);
    try {
      await rename(staging, folder);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') throw exists(folder);
      throw error;
    }
    return result;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A temporary name `partialName` makes, `.<name>.partial-<pid>-<8 hex>`, or the ZIP writer's spool
 * beside it (`<partial>.central`). Nothing else: a user's file is never taken for one.
 */
const PARTIAL = /^\..+\.partial-(\d+)-[0-9a-f]{8}(?:\.central)?$/;

/**
 * Removes what atomic writes into `target`'s folder left behind when their process was killed
 * (any target's: a killed write of another name would otherwise stay forever). Only names this
 * module makes, and only those of processes that no longer run.
 */
export async function removeStalePartials(target: string): Promise<void> {
  const dir = path.dirname(target);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(PARTIAL.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid))
      await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function exists(file: string): ReproError {
  return new ReproError({
    code: 'file-exists',
    kind: 'usage',
    message: `${file} already exists; it was left as it is.`,
    fix: 'Choose another file name, or ask for the existing file to be replaced.',
    inputs: ['output', 'overwrite'],
    file,
  });
}
