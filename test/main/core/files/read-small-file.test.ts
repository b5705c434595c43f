// Reading what an untrusted run wrote: no link is followed (in the file or any folder above it),
// a FIFO is refused instead of waited on, a huge sparse file is refused by its size without being
// read, and nested JSON deeper than the limit is reported, not recursed into until a crash.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSmallFile } from '../../../../main/core/files/read-small-file';
import { readMetrics } from '../../../../main/core/scan/results';

let root: string;
let outside: string;
const untrusted = { maxBytes: 1024 * 1024, followLinks: false };

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'rb-small-file-'));
  root = path.join(base, 'outputs');
  outside = path.join(base, 'secret.json');
  await mkdir(path.join(root, 'eval'), { recursive: true });
  await writeFile(outside, '{"accuracy": 0.99}');
  await writeFile(path.join(root, 'metrics.json'), '{"accuracy": 0.5}');
  await symlink(outside, path.join(root, 'absolute-link.json'));
  await symlink('../secret.json', path.join(root, 'relative-link.json'));
  await symlink(path.dirname(outside), path.join(root, 'linked-folder'));
  execFileSync('mkfifo', [path.join(root, 'fifo.json')]);
  const sparse = await open(path.join(root, 'sparse.json'), 'w');
  await sparse.truncate(2 * 1024 ** 3); // 2 GB on paper, nothing on disk
  await sparse.close();
  await writeFile(path.join(root, 'deep.json'), `${'['.repeat(100_000)}1${']'.repeat(100_000)}`);
});
afterAll(async () => rm(path.dirname(root), { recursive: true, force: true }));

describe('readSmallFile', () => {
  it('reads a regular file under the cap', async () => {
    const read = await readSmallFile(root, 'metrics.json', untrusted);
    expect(read.ok && read.data.toString()).toBe('{"accuracy": 0.5}');
  });

  it('refuses links to the host, in the file or in a folder above it', async () => {
    for (const rel of ['absolute-link.json', 'relative-link.json', 'linked-folder/secret.json']) {
      const read = await readSmallFile(root, rel, untrusted);
      expect(read.ok, rel).toBe(false);
      expect(read.ok ? '' : read.reason, rel).toContain('is a link');
    }
  });

  it('refuses a FIFO at once, a 2 GB sparse file by its size, a folder, and a path that leaves the root', async () => {
    const started = Date.now();
    expect(await readSmallFile(root, 'fifo.json', untrusted)).toEqual({ ok: false, reason: 'is not a regular file' });
    expect(Date.now() - started).toBeLessThan(5000);
    const sparse = await readSmallFile(root, 'sparse.json', untrusted);
    expect(sparse.ok ? '' : sparse.reason).toBe('is 2.1 GB, over the 1.0 MB limit');
    expect(await readSmallFile(root, 'eval', untrusted)).toEqual({ ok: false, reason: 'is not a regular file' });
    expect(await readSmallFile(root, '../secret.json', untrusted)).toEqual({ ok: false, reason: '".." path segment' });
  });
});

describe('readMetrics on what a run wrote', () => {
  it('names why a results file gave no metrics, and survives nesting 100,000 levels deep', async () => {
    const link = await readMetrics(root, 'relative-link.json', undefined, { untrusted: true });
    expect(link.metrics).toEqual([]);
    expect(link.findings[0]?.message).toBe('The results file relative-link.json cannot be read: it is a link.');
    const deep = await readMetrics(root, 'deep.json', undefined, { untrusted: true });
    expect(deep.metrics).toEqual([]);
    expect(deep.findings[0]?.message).toContain('nested deeper than 64 levels');
  });
});
