// Hashing data kept outside a bundle (data pointers), which can be gigabytes: the digests a
// reviewer's `sha256sum` agrees with, and the bytes counted as they are hashed, across a folder's files.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPath } from '../../../main/core/hash-file';

let dir: string;
const big = randomBytes(3 * 1024 * 1024 + 5);
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-hash-file-'));
  await mkdir(path.join(dir, 'data', 'b'), { recursive: true });
  await writeFile(path.join(dir, 'data', 'a.bin'), big);
  await writeFile(path.join(dir, 'data', 'b', 'c.txt'), 'small\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('hashPath', () => {
  it('hashes a file as sha256sum does, counting its bytes chunk by chunk', async () => {
    const seen: number[] = [];
    const file = path.join(dir, 'data', 'a.bin');
    const digest = await hashPath(file, undefined, (done) => seen.push(done));
    expect(digest.sha256).toBe(execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]);
    expect(seen).toEqual([1, 2, 3].map((mebibytes) => mebibytes * 1024 * 1024).concat(big.length));
  });

  it("counts a folder's bytes across its files, in the order it hashes them", async () => {
    const seen: number[] = [];
    const digest = await hashPath(path.join(dir, 'data'), undefined, (done) => seen.push(done));
    expect(digest).toMatchObject({ size: big.length + 6, files: 2 });
    expect(seen.at(-2)).toBe(big.length);
    expect(seen.at(-1)).toBe(big.length + 6);
    expect(seen.every((done, at) => at === 0 || done > (seen[at - 1] as number))).toBe(true);
  });
});
