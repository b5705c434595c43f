// The central directory's spool: records past one chunk go to a file beside the archive that no
// one sees (unlinked as soon as it is opened), come back byte for byte in order, and the two read
// buffers are reused only once the chunk read into them before is released.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralDirectory } from '../../../../main/core/zip/central-directory';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-central-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Adds `count` records of 1–300 bytes, each filled with its index's low byte; returns them joined. */
function addRecords(central: CentralDirectory, count: number): Buffer {
  const expected: Buffer[] = [];
  for (let index = 0; index < count; index += 1) {
    const length = 1 + ((index * 7919) % 300);
    const out = central.room(length);
    out.fill(index & 0xff, central.offset, central.offset + length);
    expected.push(Buffer.alloc(length, index & 0xff));
    central.added(length);
  }
  return Buffer.concat(expected);
}

describe('CentralDirectory', () => {
  it('spools full chunks to a file no one can see, and gives every byte back in order', async () => {
    const central = new CentralDirectory(path.join(dir, 'archive.zip.central'));
    const expected = addRecords(central, 30_000); // ~4.5 MB: four chunks spooled, one in memory
    expect(central.count).toBe(30_000);
    expect(await readdir(dir)).toEqual([]);

    const released: number[] = [];
    const yielded: Buffer[] = [];
    for await (const chunk of central.chunks(async (index) => {
      // The buffer about to be read into again held chunk `index`: it was yielded, and is copied now.
      expect(index).toBe(released.length);
      expect(index).toBeLessThan(yielded.length);
      released.push(index);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }))
      yielded.push(Buffer.from(chunk));
    central.close();

    expect(Buffer.concat(yielded).equals(expected)).toBe(true);
    expect(yielded.length).toBe(5);
    // Chunks 2 and 3 reused the buffers of chunks 0 and 1; the last one is the unspooled chunk.
    expect(released).toEqual([0, 1]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('never opens a spool for a directory that fits one chunk', async () => {
    const spool = path.join(dir, 'missing-folder', 'archive.zip.central');
    const central = new CentralDirectory(spool);
    const expected = addRecords(central, 1000);
    const chunks: Buffer[] = [];
    for await (const chunk of central.chunks(() => Promise.reject(new Error('nothing to release'))))
      chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
  });

  it('fails with the system error where the spool cannot be made', () => {
    const central = new CentralDirectory(path.join(dir, 'missing-folder', 'archive.zip.central'));
    expect(() => addRecords(central, 30_000)).toThrow(/ENOENT/);
    central.close();
  });
});
