// Extracts a verified bundle into a fresh folder the app owns. Every file is hashed again as it
// is written and must match the manifest: the bundle on disk could have been swapped between
// verification and extraction. On any failure the folder is removed, so nothing partial remains.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../../shared/manifest';
import { CancelledError, ReproError } from '../errors';
import { requireFreeSpace } from '../files/free-space';
import { ensurePrivateFolder } from '../files/private-folder';
import { ZipReader, type ZipEntry } from '../zip/zip-reader';

/** A bundle of gigabytes takes a while to unpack: its bytes are counted as written, and it can be stopped. */
export interface UnpackOptions {
  signal?: AbortSignal;
  /** The bytes written so far of all the files', after each chunk. */
  onBytes?: (done: number, total: number) => void;
}

/**
 * Unpacks a bundle whose manifest was verified (or that this process just wrote) into `target`:
 * the one way every job (replay, pre-flight, export, checklist) opens a bundle's files.
 */
export async function unpackVerifiedBundle(
  file: string,
  manifest: Manifest,
  target: string,
  options: UnpackOptions = {},
): Promise<void> {
  const reader = await ZipReader.open(file);
  try {
    await extractBundle(reader, manifest, target, options);
  } finally {
    await reader.close();
  }
}

/** A fresh folder of this user's under `root` (`<prefix>-XXXXXX`), for one replay, pre-flight or export. */
export async function freshWorkFolder(root: string, prefix: string): Promise<string> {
  await ensurePrivateFolder(root);
  return mkdtemp(path.join(root, `${prefix}-`));
}

export async function extractBundle(
  reader: ZipReader,
  manifest: Manifest,
  target: string,
  options: UnpackOptions = {},
): Promise<void> {
  const total = manifest.files.totalSize();
  await requireFreeSpace(path.dirname(target), total, 'the unpacked bundle');
  await mkdir(target, { mode: 0o700 }); // must not exist yet: a fresh folder, never someone else's
  const listed = manifest.files;
  // The listed entries, by index (no object per entry), each with its row in the list: the
  // entries' names looked up in the list as bytes, once.
  const entries: number[] = [];
  const rowOf = new Int32Array(reader.entries.length);
  for (let index = 0; index < reader.entries.length; index += 1) {
    rowOf[index] = listed.indexOfBytes(reader.entries.nameBytes(index));
    if ((rowOf[index] as number) >= 0) entries.push(index);
  }
  /** The file being written, with its row in the list. */
  let current: { entry: ZipEntry; row: number; fd: number; hash: Hash } | undefined;
  const problems: string[] = [];
  /** The file being written for this entry, opened when the entry's first bytes (or its end) arrive. */
  const fileFor = (entry: ZipEntry): NonNullable<typeof current> => {
    if (current === undefined || current.entry !== entry) {
      if (current !== undefined) closeSync(current.fd);
      const row = rowOf[entry.index] as number;
      current = { entry, row, fd: openFor(target, entry, listed.executable(row)), hash: createHash('sha256') };
    }
    return current;
  };
  let written = 0;
  const stopped = (): boolean => options.signal?.aborted === true;
  try {
    await reader.readEntries(entries, {
      data: (entry, chunk) => {
        if (stopped()) throw new CancelledError('Unpacking the bundle'); // ends this entry's reading
        const file = fileFor(entry);
        writeSync(file.fd, chunk);
        file.hash.update(chunk);
        options.onBytes?.((written += chunk.length), total);
      },
      end: (entry, problem) => {
        // Thrown here, it stops the whole reading (a problem in `data` only ends the entry).
        if (stopped()) throw new CancelledError('Unpacking the bundle');
        const file = fileFor(entry); // an empty file gets no data callback: it is created here
        closeSync(file.fd);
        const digest = file.hash.digest('hex');
        current = undefined;
        if (problem !== undefined) problems.push(`${entry.name}: ${problem}`);
        else if (digest !== listed.sha256(file.row)) problems.push(`${entry.name}: content differs from the manifest`);
      },
    });
    if (entries.length !== listed.length) problems.push('the archive no longer holds every file the manifest lists');
    if (problems.length > 0) {
      throw new ReproError({
        code: 'bundle-changed',
        message: `The bundle changed after it was verified: ${problems.slice(0, 3).join('; ')}`,
        fix: 'Make sure nothing writes to the bundle file while it is replayed, then replay again.',
        file: reader.file,
      });
    }
  } catch (error) {
    if (current !== undefined) closeSync(current.fd);
    await rm(target, { recursive: true, force: true });
    throw error;
  }
}

function openFor(root: string, entry: ZipEntry, executable: boolean): number {
  const destination = path.resolve(root, ...entry.name.split('/'));
  // The reader already refused unsafe names; check containment again where it matters most.
  const relative = path.relative(root, destination);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ReproError({
      code: 'unsafe-path',
      message: `Refusing to write ${entry.name} outside the replay folder.`,
      file: entry.name,
    });
  }
  mkdirSync(path.dirname(destination), { recursive: true, mode: 0o755 });
  return openSync(destination, 'wx', executable ? 0o755 : 0o644);
}
