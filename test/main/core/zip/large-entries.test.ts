// Entries too large for the workers' batches are streamed by the reader itself, after the small
// ones, through one reused read buffer: their digests, their progress (hashing one takes seconds),
// and damage in the middle of one, which must end the entry's check with a problem, never hang it.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipReader } from '../../../../main/core/zip/zip-reader';
import { buildRawZip, type RawEntry } from '../../../helpers/raw-zip';

let dir: string;
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
/** 10 MB of hex digits, the same every run: deflated to 5.4 MB, so its data spans two 4 MiB blocks. */
const large = Buffer.from(Array.from({ length: 156_250 }, (_, index) => sha256(String(index))).join(''));
const small = Array.from({ length: 300 }, (_, index) => Buffer.from(`small file ${index}\n`.repeat(index % 7)));
const entries: RawEntry[] = [
  ...small
    .slice(0, 150)
    .map((data, index) => ({ name: `a/${String(index).padStart(3, '0')}`, data, method: 8 as const })),
  { name: 'b/large.txt', data: large, method: 8 },
  ...small.slice(150).map((data, index) => ({ name: `c/${String(index).padStart(3, '0')}`, data, method: 8 as const })),
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-large-entries-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function digests(
  zip: Buffer,
  onLargeData?: (index: number, bytes: number) => void,
): Promise<Map<string, { digest: string; problem: string | undefined }>> {
  const file = path.join(dir, `${sha256(zip).slice(0, 12)}.zip`);
  await writeFile(file, zip);
  const reader = await ZipReader.open(file);
  const found = new Map<string, { digest: string; problem: string | undefined }>();
  try {
    await reader.digestEntries(
      reader.entries.all(),
      (index, digests, at, problem) =>
        found.set(reader.entries.name(index), {
          digest: Buffer.from(digests.subarray(at, at + 32)).toString('hex'),
          problem,
        }),
      onLargeData,
    );
  } finally {
    await reader.close();
  }
  return found;
}

describe('digestEntries with a large entry among small ones', () => {
  it('hashes every entry right, and counts the large one as it goes', async () => {
    const seen: number[] = [];
    const found = await digests(buildRawZip(entries), (_index, bytes) => seen.push(bytes));
    expect(found.size).toBe(entries.length);
    for (const entry of entries)
      expect(found.get(entry.name as string), entry.name as string).toEqual({
        digest: sha256(entry.data),
        problem: undefined,
      });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((bytes, at) => at === 0 || bytes > (seen[at - 1] as number))).toBe(true);
    expect(seen.at(-1)).toBe(large.length);
  });

  it('ends with a problem for a large entry damaged in its middle, and still checks the others', async () => {
    const zip = buildRawZip(entries);
    const name = Buffer.from('b/large.txt');
    const dataStart = zip.indexOf(name) + name.length;
    // Past the first 4 MiB block of its data, so the damage is met in a later piece: bytes that
    // zlib refuses there (checked: "invalid stored block lengths").
    Buffer.from(Array.from({ length: 13 }, (_, index) => sha256(`noise ${index}`)).join(''), 'hex').copy(
      zip,
      dataStart + 4_500_000,
    );
    const found = await digests(zip);
    expect(found.get('b/large.txt')?.problem).toMatch(/^corrupt deflate data/);
    expect(found.get('c/149')).toEqual({ digest: sha256(small[299] as Buffer), problem: undefined });
  });

  it('stops reading a large entry when its progress callback throws (a cancellation)', async () => {
    let calls = 0;
    const found = await digests(buildRawZip(entries), () => {
      calls += 1;
      if (calls === 3) throw new Error('cancelled by the user');
    });
    expect(calls).toBe(3);
    expect(found.get('b/large.txt')?.problem).toContain('cancelled by the user');
  });
});
