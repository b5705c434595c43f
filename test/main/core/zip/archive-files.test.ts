// Small files are read, hashed and compressed on worker threads: what the main thread did before
// must still hold — contents seen in archive order, a file that is not as scanned refused naming
// it (grown, shrunk or gone), already-compressed formats stored, and the bytes read back intact.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReproError } from '../../../../main/core/errors';
import { archiveFiles, type FileToArchive } from '../../../../main/core/zip/archive-files';
import { ZipReader } from '../../../../main/core/zip/zip-reader';
import { ZipWriter } from '../../../../main/core/zip/zip-writer';

let dir: string;
const made = new Map<string, Buffer>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-archive-files-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, data: Buffer): Promise<FileToArchive> {
  const source = path.join(dir, name.replace(/\//g, '__'));
  await writeFile(source, data);
  made.set(name, data);
  return { name, source, size: data.length, executable: false };
}

async function archive(files: FileToArchive[], inspect?: (name: string, chunk: Buffer) => void): Promise<string> {
  const target = path.join(dir, `out-${made.size}-${files.length}.zip`);
  const handle = await open(target, 'w');
  try {
    const writer = new ZipWriter(handle, new Date(Date.UTC(2024, 0, 1)), `${target}.central`);
    await archiveFiles(writer, files, inspect === undefined ? {} : { inspect: (f, chunk) => inspect(f.name, chunk) });
    await writer.finish();
  } finally {
    await handle.close();
  }
  return target;
}

describe('archiveFiles on worker threads', () => {
  it('archives 1,000 small files of every kind intact, shows each one’s content in archive order, and records their digests', async () => {
    const files: FileToArchive[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const kind = i % 4;
      const data =
        kind === 0
          ? Buffer.from(`tiny ${i}\n`)
          : kind === 1
            ? Buffer.from(`line ${i % 7}\n`.repeat(40 + i))
            : kind === 2
              ? randomBytes(100 + i)
              : Buffer.alloc(0);
      files.push(await file(`p/${String(i).padStart(4, '0')}${kind === 2 ? '.png' : '.txt'}`, data));
    }
    const seen: string[] = [];
    const target = await archive(files, (name, chunk) => {
      seen.push(name);
      expect(chunk.equals(made.get(name) as Buffer), name).toBe(true);
    });
    expect(seen).toEqual(files.map((entry) => entry.name));
    const reader = await ZipReader.open(target);
    try {
      const methods = new Map<string, number>();
      const digests = new Map<string, string>();
      await reader.digestEntries(reader.entries.all(), (index, sha256, at, problem) => {
        expect(problem).toBeUndefined();
        const name = reader.entries.name(index);
        methods.set(name, reader.entries.method(index));
        digests.set(name, Buffer.from(sha256.subarray(at, at + 32)).toString('hex'));
      });
      for (const entry of files) {
        const data = made.get(entry.name) as Buffer;
        expect(digests.get(entry.name)).toBe(createHash('sha256').update(data).digest('hex'));
      }
      // Repetitive text of 64 bytes and more is deflated; random data, and any .png, is stored.
      expect(methods.get('p/0001.txt')).toBe(8);
      expect(methods.get('p/0000.txt')).toBe(0);
      expect(methods.get('p/0002.png')).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('refuses a file that grew or shrank since it was scanned, naming it, and one that is gone', async () => {
    const before = [await file('a.txt', Buffer.from('first\n')), await file('b.txt', Buffer.from('second\n'))];
    for (const size of [3, 100]) {
      const changed = { ...(await file('c.txt', Buffer.from('third file\n'))), size };
      const failure = await archive([...before, changed]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ReproError);
      expect(failure).toMatchObject({ code: 'file-changed', file: changed.source });
      expect((failure as Error).message).toContain(`(${size} bytes when scanned, 11 now)`);
    }
    const gone = { name: 'gone.txt', source: path.join(dir, 'no-such-file'), size: 5, executable: false };
    await expect(archive([...before, gone])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('counts a large file’s bytes as they are read, not only once it is archived (one takes seconds)', async () => {
    const files = [
      await file('a.txt', Buffer.from('before\n')),
      await file('large.bin', randomBytes(9 * 1024 * 1024)),
      await file('z.txt', Buffer.from('after\n')),
    ];
    const target = path.join(dir, 'progress.zip');
    const handle = await open(target, 'w');
    const seen: [number, number][] = [];
    try {
      const writer = new ZipWriter(handle, new Date(Date.UTC(2024, 0, 1)), `${target}.central`);
      await archiveFiles(writer, files, { onFile: (done, bytes) => seen.push([done, bytes]) });
      await writer.finish();
    } finally {
      await handle.close();
    }
    // While the large file is read (one file done before it): its 1 MiB chunks, counted.
    const during = seen.filter(([done, bytes]) => done === 1 && bytes > 7);
    expect(during.map(([, bytes]) => bytes - 7)).toEqual(
      Array.from({ length: 9 }, (_, index) => (index + 1) * 1024 * 1024),
    );
    expect(seen.at(-1)).toEqual([3, 7 + 9 * 1024 * 1024 + 6]);
  });
});
