// ZipWriter + archiveFiles produce archives that standard tools (unzip, Python's zipfile) and our
// own reader accept, with the right content, modes and methods, and byte-identical on a rerun.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archiver } from 'archiver';
import { archiveFiles, SMALL_FILE_LIMIT, type FileToArchive } from '../../../../main/core/zip/archive-files';
import type { ZipEntrySpec } from '../../../../main/core/zip/zip-module';
import { ZipReader } from '../../../../main/core/zip/zip-reader';
import { ZipWriter } from '../../../../main/core/zip/zip-writer';

let dir: string;
let files: FileToArchive[];
const contents = new Map<string, Buffer>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-zip-'));
  const text = Buffer.from(
    Array.from({ length: 320_000 }, (_, i) => `${i},${(i * 7919) % 1000},sample-${i % 13}\n`).join(''),
  );
  const specs: [string, Buffer, boolean][] = [
    ['project/README.md', Buffer.from('# A project\n'.repeat(50)), false],
    ['project/run.sh', Buffer.from('#!/bin/sh\necho hi\n'), true],
    ['project/empty.txt', Buffer.alloc(0), false],
    ['project/données/résumé.csv', Buffer.from('a,b\n1,2\n'), false],
    ['project/small-random.bin', randomBytes(50_000), false],
    ['project/big-text.csv', text, false],
    ['project/big-random.bin', randomBytes(SMALL_FILE_LIMIT + 3 * 1024 * 1024 + 17), false],
  ];
  expect(text.length).toBeGreaterThan(SMALL_FILE_LIMIT); // exercises the streamed, chunked path
  files = [];
  for (const [name, data, executable] of specs) {
    const source = path.join(dir, name.replace(/\//g, '__'));
    await writeFile(source, data);
    contents.set(name, data);
    files.push({ name, source, size: data.length, executable });
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeArchive(target: string): Promise<void> {
  const handle = await open(target, 'w');
  try {
    const writer = new ZipWriter(handle, new Date(Date.UTC(2024, 0, 2, 3, 4, 6)), `${target}.central`);
    // Written through archiver: its queue takes every entry, in order (small files in the batches
    // they were compressed in, one archiver entry each), and counts the bytes.
    expect(writer).toBeInstanceOf(Archiver);
    const entries: string[] = [];
    writer.on('entry', (entry) => {
      const zip = (entry as { zip?: ZipEntrySpec }).zip;
      if (zip?.kind === 'batch') entries.push(...zip.entries.map((member) => member.info.name));
      else entries.push(entry.name);
    });
    const archived = (await archiveFiles(writer, files)).build();
    expect(archived.length).toBe(files.length);
    expect(files.map((file) => archived.get(file.name)?.sha256)).toEqual(
      files.map((file) =>
        createHash('sha256')
          .update(contents.get(file.name) as Buffer)
          .digest('hex'),
      ),
    );
    await writer.finish();
    expect(entries).toEqual(files.map((file) => file.name));
    expect(writer.pointer()).toBe((await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

describe('ZIP writing and reading', () => {
  it('writes an archive unzip tests clean and Python reads with the right bytes and modes', async () => {
    const archive = path.join(dir, 'a.zip');
    await writeArchive(archive);
    expect(execFileSync('unzip', ['-tq', archive], { encoding: 'utf8' })).toContain('No errors detected');

    const listing = execFileSync(
      'python3',
      [
        '-c',
        `import zipfile, hashlib, json, sys
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({i.filename: [hashlib.sha256(z.read(i)).hexdigest(), oct(i.external_attr >> 16), i.compress_type, list(i.date_time)] for i in z.infolist()}))`,
        archive,
      ],
      { encoding: 'utf8' },
    );
    const seen = JSON.parse(listing) as Record<string, [string, string, number, number[]]>;
    expect(Object.keys(seen)).toEqual(files.map((file) => file.name));
    for (const file of files) {
      const [sha, mode, method, date] = seen[file.name] as [string, string, number, number[]];
      expect(sha, file.name).toBe(
        createHash('sha256')
          .update(contents.get(file.name) as Buffer)
          .digest('hex'),
      );
      expect(mode, file.name).toBe(file.executable ? '0o100755' : '0o100644');
      expect(date).toEqual([2024, 1, 2, 3, 4, 6]);
      // Text that compresses is deflated; random bytes, empty and tiny files (no 3% saving) are stored.
      const deflated = ['project/README.md', 'project/big-text.csv'];
      expect(method, file.name).toBe(deflated.includes(file.name) ? 8 : 0);
    }
  });

  it('reads back every entry with our reader, sizes and CRCs checked', async () => {
    const archive = path.join(dir, 'b.zip');
    await writeArchive(archive);
    const reader = await ZipReader.open(archive);
    try {
      const hashes = new Map<string, ReturnType<typeof createHash>>();
      const problems: string[] = [];
      await reader.readEntries(reader.entries.all(), {
        data: (entry, chunk) => {
          const hash = hashes.get(entry.name) ?? createHash('sha256');
          hashes.set(entry.name, hash.update(chunk));
        },
        end: (entry, problem) => {
          if (problem !== undefined) problems.push(`${entry.name}: ${problem}`);
        },
      });
      expect(problems).toEqual([]);
      for (const file of files) {
        const expected = createHash('sha256')
          .update(contents.get(file.name) as Buffer)
          .digest('hex');
        expect(hashes.get(file.name)?.digest('hex') ?? createHash('sha256').digest('hex'), file.name).toBe(expected);
      }
      expect(reader.find('project/run.sh')?.executable).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('is byte-identical when written twice', async () => {
    await writeArchive(path.join(dir, 'c1.zip'));
    await writeArchive(path.join(dir, 'c2.zip'));
    expect((await readFile(path.join(dir, 'c1.zip'))).equals(await readFile(path.join(dir, 'c2.zip')))).toBe(true);
  });
});
