// Verified, immutable extractions reused by later replays of the same bundle (issue 18): a bundle
// whose every file verified is unpacked once into `<work root>/extracted-<sha256 of the file>/`
// (inside the app's own 0700 work folder, never written again) and recorded with the manifest it
// was verified with. Files keep the modes the bundle gives them (0644/0755): images built from the
// extraction must not depend on how it is cached. A later replay of a file
// with the same SHA-256 (hashed in one pass) and the same signed manifest skips hashing every entry
// and unpacking: the bytes are the ones verified. Each run still gets its own writable copy of the
// project (replay-bundle.ts), so nothing a run does reaches the cache. `clean` removes extractions
// unused for the chosen age, like replay folders.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '../../shared/manifest';
import { ensurePrivateFolder } from '../files/private-folder';
import { freshWorkFolder, unpackVerifiedBundle, type UnpackOptions } from './extract-bundle';

/** Work-root folders holding a cached extraction start with this. */
export const EXTRACTION_PREFIX = 'extracted-';
const RECORD = 'extraction.json';

interface ExtractionRecord {
  sha256: string;
  /** SHA-256 of the verified manifest (as loaded), so a file swapped after hashing is never served. */
  manifest: string;
}

function manifestDigest(manifest: Manifest): string {
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex');
}

function folderFor(workRoot: string, sha256: string): string {
  return path.join(workRoot, `${EXTRACTION_PREFIX}${sha256}`);
}

/** Whether an extraction is cached under this file hash (its manifest is checked by `cachedExtraction`). */
export async function hasExtraction(workRoot: string, sha256: string): Promise<boolean> {
  return (await stat(path.join(folderFor(workRoot, sha256), RECORD)).catch(() => undefined)) !== undefined;
}

/**
 * The unpacked bundle folder of an earlier verified extraction of exactly this file and manifest,
 * or undefined. Its use is recorded (the folder's time), so `clean` keeps what is in use.
 */
export async function cachedExtraction(
  workRoot: string,
  sha256: string,
  manifest: Manifest,
): Promise<string | undefined> {
  const folder = folderFor(workRoot, sha256);
  const record = await readFile(path.join(folder, RECORD), 'utf8')
    .then((text) => JSON.parse(text) as ExtractionRecord)
    .catch(() => undefined);
  if (record?.sha256 !== sha256 || record.manifest !== manifestDigest(manifest)) return undefined;
  const now = new Date();
  await utimes(path.join(folder, RECORD), now, now).catch(() => undefined);
  return path.join(folder, 'bundle');
}

/**
 * Unpacks a bundle that just verified (every file) into the cache and returns its bundle folder:
 * written to a fresh folder first, recorded, then renamed into place, so a cache folder is always
 * complete. When another replay cached it meanwhile, that one is used.
 */
export async function extractIntoCache(
  file: string,
  sha256: string,
  manifest: Manifest,
  workRoot: string,
  options: UnpackOptions = {},
): Promise<string> {
  await ensurePrivateFolder(workRoot);
  const staging = await freshWorkFolder(workRoot, 'extracting');
  try {
    await unpackVerifiedBundle(file, manifest, path.join(staging, 'bundle'), options);
    const record: ExtractionRecord = { sha256, manifest: manifestDigest(manifest) };
    await writeFile(path.join(staging, RECORD), `${JSON.stringify(record)}\n`, { mode: 0o600 });
    const folder = folderFor(workRoot, sha256);
    try {
      await rename(staging, folder);
    } catch {
      // Already cached (a concurrent replay): keep that one, drop ours.
      if ((await stat(path.join(folder, RECORD)).catch(() => undefined)) === undefined)
        throw new Error(`${folder} is in the way`);
      await rm(staging, { recursive: true, force: true });
    }
    return path.join(folder, 'bundle');
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
