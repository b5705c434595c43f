// Tampering helper: rewrites a bundle archive entry by entry (stored, in the same order) after
// a transformation of its contents, to produce the altered bundles an attacker could send.
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { ZipReader } from '../../main/core/zip/zip-reader';
import { ZipWriter } from '../../main/core/zip/zip-writer';

export async function readAllEntries(file: string): Promise<Map<string, { data: Buffer; executable: boolean }>> {
  const reader = await ZipReader.open(file);
  try {
    const entries = new Map<string, { data: Buffer; executable: boolean }>();
    for (const entry of reader.entries)
      entries.set(entry.name, { data: await reader.readWhole(entry, 1024 ** 3), executable: entry.executable });
    return entries;
  } finally {
    await reader.close();
  }
}

export async function rewriteBundle(
  source: string,
  target: string,
  transform: (entries: Map<string, { data: Buffer; executable: boolean }>) => void,
): Promise<void> {
  const entries = await readAllEntries(source);
  transform(entries);
  await writeEntries(target, entries);
}

/** Writes entries, stored and in their order, as a ZIP archive. */
export async function writeEntries(
  target: string,
  entries: Map<string, { data: Buffer; executable: boolean }>,
): Promise<void> {
  const handle = await open(target, 'w');
  try {
    const writer = new ZipWriter(handle, new Date(Date.UTC(1980, 0, 1)), `${target}.central`);
    for (const [name, { data, executable }] of entries) {
      await writer.addEntry(
        { name, executable, method: 0, crc32: crc32(data), size: data.length, compressedSize: data.length },
        data,
      );
    }
    await writer.finish();
  } finally {
    await handle.close();
  }
}
