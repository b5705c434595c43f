// The reader reads an archive through a 4 MiB block: an entry whose local header ends just
// before a block boundary and whose name runs across it must still be read (a million-file
// bundle failed verification with "the local header cannot be read" for five such entries).
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../../../main/core/zip/zip-reader';
import { ZipWriter } from '../../../../main/core/zip/zip-writer';

const BLOCK = 4 * 1024 * 1024;
const LOCAL_HEADER = 30;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-block-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stored entry A sized so that entry B's header ends `intoName` bytes before the boundary. */
async function archiveAcrossBoundary(file: string, headerEndsBefore: number): Promise<string[]> {
  const first = 'project/first.bin';
  const second = 'project/second-with-a-name-long-enough-to-cross.txt';
  const secondAt = BLOCK - LOCAL_HEADER - headerEndsBefore;
  const firstData = randomBytes(secondAt - LOCAL_HEADER - Buffer.byteLength(first));
  const secondData = Buffer.from('across the boundary\n');
  const handle = await open(file, 'w');
  try {
    const writer = new ZipWriter(handle, new Date(Date.UTC(2024, 0, 1)), `${file}.central`);
    for (const [name, data] of [
      [first, firstData],
      [second, secondData],
    ] as const)
      await writer.addEntry(
        { name, executable: false, method: 0, crc32: crc32(data), size: data.length, compressedSize: data.length },
        data,
      );
    await writer.finish();
  } finally {
    await handle.close();
  }
  return [first, second];
}

describe('an entry across a block boundary', () => {
  for (const headerEndsBefore of [0, 5, 20]) {
    it(`is read when its name starts ${headerEndsBefore} bytes before the boundary`, async () => {
      const file = path.join(dir, `across-${headerEndsBefore}.zip`);
      const names = await archiveAcrossBoundary(file, headerEndsBefore);
      const reader = await ZipReader.open(file);
      try {
        const problems: string[] = [];
        const seen: string[] = [];
        await reader.digestEntries(reader.entries.all(), (index, _digests, _at, problem) => {
          seen.push(reader.entries.name(index));
          if (problem !== undefined) problems.push(`${reader.entries.name(index)}: ${problem}`);
        });
        expect(problems).toEqual([]);
        expect(seen.sort()).toEqual([...names].sort());
      } finally {
        await reader.close();
      }
    });
  }
});
