// A verification stopped half-way (the browser tab closed, Ctrl+C) rejects its own promise and
// nothing else: no batch still on a worker thread may reject unobserved afterwards, which would
// take the whole process down (issue 13: the web server exited on a dropped request).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../../../main/core/zip/zip-reader';
import { buildRawZip } from '../../../helpers/raw-zip';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-digest-cancel-'));
  file = path.join(dir, 'many.zip');
  const entries = Array.from({ length: 5000 }, (_, index) => ({
    name: `project/f${String(index).padStart(5, '0')}.txt`,
    data: Buffer.from(`file ${index}\n`.repeat(20)),
    method: 8 as const,
  }));
  await writeFile(file, buildRawZip(entries));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('digestEntries, stopped half-way', () => {
  it('rejects with the reason it was stopped, and leaves no rejection unobserved', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const reader = await ZipReader.open(file);
      let seen = 0;
      try {
        await expect(
          reader.digestEntries(reader.entries.all(), () => {
            seen += 1;
            if (seen >= 100) throw new Error('cancelled by the user'); // as a cancelled signal does, every time
          }),
        ).rejects.toThrow('cancelled by the user');
      } finally {
        await reader.close();
      }
      // Give any batch still in flight the time to settle, observed or not.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
