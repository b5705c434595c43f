// ZIP64: more than 65,535 entries, and an entry over 4 GiB (a sparse file: no disk used), written
// by us and read back by unzip and by our reader.
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFiles } from '../../../../main/core/zip/archive-files';
import { ZipReader, type ZipEntry } from '../../../../main/core/zip/zip-reader';
import { ZipWriter } from '../../../../main/core/zip/zip-writer';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-zip64-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(file: string, fill: (writer: ZipWriter) => Promise<void>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const writer = new ZipWriter(handle, new Date(Date.UTC(2024, 0, 1)), `${file}.central`);
    await fill(writer);
    await writer.finish();
  } finally {
    await handle.close();
  }
}

describe('ZIP64', () => {
  it('writes and reads back more than 65,535 entries', async () => {
    const file = path.join(dir, 'many.zip');
    const count = 70_000;
    await write(file, async (writer) => {
      for (let index = 0; index < count; index += 1) {
        const data = Buffer.from(`${index}\n`);
        await writer.addEntry(
          {
            name: `f/${index}.txt`,
            executable: false,
            method: 0,
            crc32: crc32(data),
            size: data.length,
            compressedSize: data.length,
          },
          data,
        );
      }
    });
    expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toContain('No errors detected');
    const reader = await ZipReader.open(file);
    try {
      expect(reader.entries).toHaveLength(count);
      expect((await reader.readWhole(reader.find('f/69999.txt') as never, 100)).toString()).toBe('69999\n');
    } finally {
      await reader.close();
    }
  });

  it('writes and reads back an entry larger than 4 GiB', async () => {
    const source = path.join(dir, 'sparse.bin');
    const size = 4 * 1024 ** 3 + 12_345;
    const handle = await open(source, 'w');
    await handle.truncate(size);
    await handle.close();
    const file = path.join(dir, 'big.zip');
    await write(file, async (writer) => {
      // A compressed-format name makes it stored: the ZIP64 fields are the same for both methods, and
      // storing keeps this test to seconds (large deflated entries are covered by zip-roundtrip).
      const [archived] = (
        await archiveFiles(writer, [{ name: 'sparse.npz', source, size, executable: false }])
      ).build();
      expect(archived?.size).toBe(size);
    });
    expect(execFileSync('unzip', ['-l', file], { encoding: 'utf8' })).toContain(String(size));
    const reader = await ZipReader.open(file);
    try {
      const entry = reader.find('sparse.npz');
      expect(entry?.size).toBe(size);
      expect(entry?.method).toBe(0);
      let seen = 0;
      let verdict: string | undefined = 'not read';
      await reader.readEntries([(entry as ZipEntry).index], {
        data: (_entry, chunk) => (seen += chunk.length),
        end: (_entry, problem) => (verdict = problem),
      });
      expect(verdict).toBeUndefined();
      expect(seen).toBe(size);
    } finally {
      await reader.close();
    }
  }, 120_000);
});
