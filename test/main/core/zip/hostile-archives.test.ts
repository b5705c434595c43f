// Hostile archives, built by hand: each is refused with a problem that names it, and checking
// them writes nothing anywhere (verification never extracts).
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { DEFAULT_ZIP_LIMITS, ZipReader, ZipRejectedError } from '../../../../main/core/zip/zip-reader';
import { buildRawZip, type RawEntry } from '../../../helpers/raw-zip';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (value: string): Buffer => Buffer.from(value);

async function rejection(name: string, entries: RawEntry[], limits = DEFAULT_ZIP_LIMITS): Promise<string[]> {
  const file = path.join(dir, `${name}.rbundle`);
  await writeFile(file, buildRawZip(entries));
  const error = await ZipReader.open(file, limits).then(
    async (reader) => {
      await reader.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(error, name).toBeInstanceOf(ZipRejectedError);
  if (limits === DEFAULT_ZIP_LIMITS) {
    // Verification (default limits) reports the same problems and does not throw.
    const report = await verifyBundle(file);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual((error as ZipRejectedError).problems);
  }
  return [...(error as ZipRejectedError).problems];
}

describe('hostile archives', () => {
  it('refuses zip slip (../) and writes nothing outside', async () => {
    const problems = await rejection('slip', [
      { name: '../../evil.txt', data: text('pwned') },
      { name: 'project/a/../../../evil2.txt', data: text('x') },
    ]);
    expect(problems).toEqual([
      '"../../evil.txt": ".." path segment',
      '"project/a/../../../evil2.txt": ".." path segment',
    ]);
    expect(existsSync(path.join(dir, '..', 'evil.txt'))).toBe(false);
    expect(existsSync(path.join(dir, '..', '..', 'evil.txt'))).toBe(false);
  });

  it('refuses absolute, drive-relative and backslash names', async () => {
    const problems = await rejection('absolute', [
      { name: '/etc/cron.d/evil', data: text('x') },
      { name: 'C:evil.bat', data: text('x') },
      { name: 'project\\..\\evil.bat', data: text('x') },
    ]);
    expect(problems).toEqual([
      '"/etc/cron.d/evil": absolute path',
      '"C:evil.bat": drive-letter path',
      '"project\\\\..\\\\evil.bat": backslash in name (a path separator on Windows)',
    ]);
  });

  it('refuses symbolic links and devices', async () => {
    const problems = await rejection('links', [
      { name: 'project/passwd', data: text('/etc/passwd'), mode: 0o120777 },
      { name: 'project/null', data: Buffer.alloc(0), mode: 0o020666 },
    ]);
    expect(problems).toEqual([
      '"project/passwd": a symbolic link',
      '"project/null": not a regular file (device, FIFO or directory)',
    ]);
  });

  it('refuses duplicates and case or Unicode collisions', async () => {
    const problems = await rejection('collisions', [
      { name: 'project/a.txt', data: text('1') },
      { name: 'project/a.txt', data: text('2') },
      { name: 'project/Data.csv', data: text('3') },
      { name: 'project/data.csv', data: text('4') },
      { name: 'project/caf\u00e9.txt', data: text('5') },
      { name: 'project/cafe\u0301.txt', data: text('6') },
    ]);
    expect(problems).toEqual([
      '"project/a.txt": appears twice',
      '"project/data.csv" and "project/Data.csv" collide on a case-insensitive or Unicode-normalising file system',
      '"project/cafe\u0301.txt" and "project/caf\u00e9.txt" collide on a case-insensitive or Unicode-normalising file system',
    ]);
  });

  it('names every duplicate and collision among 3,000 names in any order, as a map of every name would', async () => {
    // Case and normalisation variants of a few hundred names, shuffled: each entry is checked
    // against the first entry of its exact name (a duplicate) or of its folded name (a collision).
    let seed = 3;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    const variants = (stem: string): string[] => [stem, stem.toUpperCase(), stem.normalize('NFD')];
    const names = Array.from({ length: 3000 }, () => {
      const forms = variants(`project/f${next() % 400}-caf\u00e9.txt`);
      return forms[next() % forms.length] as string;
    });
    const expected: string[] = [];
    const firstOfKey = new Map<string, string>();
    const seen = new Set<string>();
    for (const name of names) {
      const key = name.normalize('NFC').toLowerCase();
      const first = firstOfKey.get(key);
      if (seen.has(name)) expected.push(`${JSON.stringify(name)}: appears twice`);
      else if (first !== undefined)
        expected.push(
          `${JSON.stringify(name)} and ${JSON.stringify(first)} collide on a case-insensitive or Unicode-normalising file system`,
        );
      else firstOfKey.set(key, name);
      seen.add(name);
    }
    const problems = await rejection(
      'many-collisions',
      names.map((name) => ({ name, data: text('x') })),
    );
    expect(problems).toEqual(expected);
    expect(expected.length).toBeGreaterThan(2000);
  });

  it('refuses names that are not UTF-8', async () => {
    const problems = await rejection('latin1', [{ name: Buffer.from([0x70, 0xe9, 0x2e, 0x74]), data: text('x') }]);
    expect(problems).toEqual(['entry 1: name is not valid UTF-8']);
  });

  it('refuses overlapping entries (a zip bomb technique)', async () => {
    const problems = await rejection('overlap', [
      { name: 'project/a.bin', data: Buffer.alloc(1000, 1) },
      { name: 'project/b.bin', data: Buffer.alloc(1000, 1), offsetOf: 0 },
    ]);
    expect(problems.some((problem) => problem.includes('overlaps the next record'))).toBe(true);
  });

  it('refuses an entry whose declared expansion no real data reaches', async () => {
    const problems = await rejection('ratio', [
      { name: 'project/bomb.bin', data: Buffer.alloc(4096), method: 8, declaredSize: 3_000_000_000 },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^"project\/bomb\.bin": expands \d+:1, beyond what real data does \(a zip bomb\)$/),
    ]);
  });

  it('refuses archives over the count and size limits', async () => {
    const entries = Array.from({ length: 5 }, (_, index) => ({ name: `project/f${index}`, data: text('x') }));
    expect(await rejection('count', entries, { ...DEFAULT_ZIP_LIMITS, maxEntries: 4 })).toEqual([
      '5 entries; at most 4 are accepted',
    ]);
    expect(
      await rejection('total', [{ name: 'project/big', data: Buffer.alloc(2048) }], {
        ...DEFAULT_ZIP_LIMITS,
        maxTotalSize: 1024,
      }),
    ).toEqual(['expands to 2048 bytes; at most 1024 are accepted']);
  });

  it('stops inflating an entry that lies about its size, before it fills memory', async () => {
    // Declares 1 KiB; really inflates to 64 MiB of zeros.
    const file = path.join(dir, 'liar.zip');
    await writeFile(
      file,
      buildRawZip([{ name: 'project/liar.bin', data: Buffer.alloc(64 * 1024 * 1024), method: 8, declaredSize: 1024 }]),
    );
    const reader = await ZipReader.open(file, { ...DEFAULT_ZIP_LIMITS, maxEntryRatio: Number.POSITIVE_INFINITY });
    try {
      let seen = 0;
      let problem: string | undefined;
      await reader.readEntries(reader.entries.all(), {
        data: (_entry, chunk) => (seen += chunk.length),
        end: (_entry, found) => (problem = found),
      });
      expect(problem).toBe('more data than the declared 1024 bytes');
      expect(seen).toBeLessThanOrEqual(1024);
    } finally {
      await reader.close();
    }
  });

  it('refuses what is not a ZIP at all, and a truncated one', async () => {
    const junk = path.join(dir, 'junk.rbundle');
    await writeFile(junk, 'this is not a zip file at all, just text that is long enough');
    expect((await verifyBundle(junk)).problems).toEqual([
      'no end-of-central-directory record (not a ZIP file, or truncated)',
    ]);
    const whole = buildRawZip([{ name: 'project/a.txt', data: text('hello') }]);
    const truncated = path.join(dir, 'truncated.rbundle');
    await writeFile(truncated, whole.subarray(0, whole.length - 5));
    expect((await verifyBundle(truncated)).valid).toBe(false);
    // Checking wrote nothing but what the tests wrote.
    expect((await readdir(dir)).every((name) => name.endsWith('.rbundle') || name.endsWith('.zip'))).toBe(true);
  });

  it('a sound archive that is not a bundle fails verification with named problems', async () => {
    const file = path.join(dir, 'plain.zip');
    await writeFile(file, buildRawZip([{ name: 'project/a.txt', data: text('hello') }]));
    expect((await verifyBundle(file)).problems).toEqual([
      'bundle.json is missing: this is not a ReproBundle bundle',
      'bundle.sig is missing: the bundle is not signed',
    ]);
  });

  describe('what FORMAT.md does not allow, even when every entry is sound', () => {
    const sound = (): Buffer =>
      buildRawZip([
        { name: 'project/train.py', data: text('print(1)') },
        { name: 'project/extra.py', data: text('print(2)') },
      ]);
    const refusedFor = async (name: string, bytes: Buffer): Promise<string[]> => {
      const file = path.join(dir, `${name}.rbundle`);
      await writeFile(file, bytes);
      const report = await verifyBundle(file);
      expect(report.valid, name).toBe(false);
      return report.problems;
    };
    const endOf = (zip: Buffer): number => zip.length - 22;

    it('records past the count the end record gives (other tools would see a second train.py)', async () => {
      const zip = sound();
      zip.writeUInt16LE(1, endOf(zip) + 8);
      zip.writeUInt16LE(1, endOf(zip) + 10);
      expect(await refusedFor('extra-records', zip)).toContain(
        'the central directory holds more than the 1 records its end record counts',
      );
    });

    it('an archive comment, and data after the end record', async () => {
      const comment = Buffer.concat([sound(), text('hello')]);
      comment.writeUInt16LE(5, endOf(comment) - 5 + 20);
      expect(await refusedFor('comment', comment)).toContain('an archive comment (bundles have none)');
      expect((await refusedFor('trailing', Buffer.concat([sound(), text('#!/bin/sh\n')])))[0]).toContain(
        'no end-of-central-directory record',
      );
    });

    it('data before the first entry: an archive that is also a script', async () => {
      const zip = sound();
      const prefix = text('#!/bin/sh\necho pwned; exit 0\n');
      const shifted = Buffer.concat([prefix, zip]);
      // Every offset moves by the prefix, as `zip -A` would fix them up for a self-running archive.
      const end = endOf(shifted);
      const centralStart = shifted.readUInt32LE(end + 16) + prefix.length;
      shifted.writeUInt32LE(centralStart, end + 16);
      for (let at = centralStart, index = 0; index < 2; index += 1) {
        shifted.writeUInt32LE(shifted.readUInt32LE(at + 42) + prefix.length, at + 42);
        at += 46 + shifted.readUInt16LE(at + 28);
      }
      expect(await refusedFor('polyglot', shifted)).toContain(`${prefix.length} bytes of data before the first entry`);
    });

    it('a data descriptor flag, and a local header that disagrees with the central directory', async () => {
      const descriptor = sound();
      const central = descriptor.readUInt32LE(endOf(descriptor) + 16);
      descriptor.writeUInt16LE(0x0808, central + 8);
      descriptor.writeUInt16LE(0x0808, 6);
      expect(await refusedFor('descriptor', descriptor)).toContain(
        '"project/train.py": data descriptor (sizes after the data)',
      );
      const lying = sound();
      lying.writeUInt32LE(0x12345678, 14); // the first local header's CRC-32
      const file = path.join(dir, 'local-lies.rbundle');
      await writeFile(file, lying);
      const reader = await ZipReader.open(file);
      try {
        const first = reader.entries.at(0);
        if (first === undefined) throw new Error('no entry');
        await expect(reader.readWhole(first, 1024)).rejects.toThrow(
          'local header and central directory disagree on the CRC-32',
        );
      } finally {
        await reader.close();
      }
    });
  });
});
