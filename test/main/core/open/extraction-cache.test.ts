// Cached replay (issue 18): a bundle's verified extraction is kept and reused by the next
// replay of the same bytes — entries not hashed again, nothing unpacked — while each run still
// gets its own writable copy; a file with other bytes, or the same hash with another manifest,
// never gets it; `clean` removes it like a replay folder. Real engine, real bundles.
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { pruneDiskSpace } from '../../../../main/core/maintenance/disk-space';
import { cachedExtraction, EXTRACTION_PREFIX } from '../../../../main/core/open/extraction-cache';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { replayBundle } from '../../../../main/core/replay/replay-bundle';
import type { Manifest } from '../../../../main/shared/manifest';
import { generateKey, loadSigningKey, type SigningKey } from '../../../../main/core/signing/keys';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let docker: Docker;
let baseImage: string;
let work: string;
let key: SigningKey;
const workRoot = (): string => path.join(work, 'replays');

beforeAll(async () => {
  docker = await requireDocker();
  baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-extraction-'));
  await generateKey({ dir: path.join(work, 'key'), name: 'Ada Author' });
  key = await loadSigningKey(path.join(work, 'key'));
});
afterAll(async () => {
  await pruneDiskSpace({ workRoot: workRoot(), olderThanMs: -1, images: false });
  await rm(work, { recursive: true, force: true });
});

async function bundleOf(name: string, note: string): Promise<string> {
  const project = path.join(work, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  await writeFile(path.join(project, 'NOTE.txt'), note);
  const file = path.join(work, `${name}.rbundle`);
  await createBundle({ projectDir: project, output: file, key, baseImage, run: 'python train.py', hardware: false });
  return file;
}

const replay = (file: string) =>
  replayBundle({ file, docker, workRoot: workRoot(), cacheDir: path.join(work, 'cache') });

const extractions = async (): Promise<string[]> =>
  (await readdir(workRoot())).filter((name) => name.startsWith(EXTRACTION_PREFIX));

describe('cached extractions', () => {
  it('the second replay of the same bytes reuses the read-only extraction, and the run still gets its own copy', async () => {
    const file = await bundleOf('cached', 'first');
    const first = await replay(file);
    expect(first.verdict).toBe('REPRODUCED');
    expect(first.extraction).toBe('fresh');
    expect(await extractions()).toEqual([`${EXTRACTION_PREFIX}${first.bundleSha256}`]);
    const cached = path.join(workRoot(), `${EXTRACTION_PREFIX}${first.bundleSha256}`, 'bundle');
    // Modes as the bundle gives them: an image built from the extraction does not depend on the cache.
    expect((await stat(path.join(cached, 'project', 'train.py'))).mode & 0o777).toBe(0o644);

    const second = await replay(file);
    expect(second.verdict).toBe('REPRODUCED');
    expect(second.extraction).toBe('reused');
    expect(second.verification.valid).toBe(true);
    // The runs wrote into their own copies: the cached project still holds the author's results.
    expect(JSON.parse(await readFile(path.join(cached, 'project', 'metrics.json'), 'utf8'))).toMatchObject({
      epochs: 200,
    });
    expect(second.workDir).not.toBe(first.workDir);
    expect((await stat(path.join(second.workDir ?? '', 'outputs', 'metrics.json'))).isFile()).toBe(true);
  });

  it('a file with other bytes is verified and unpacked on its own; the same hash with another manifest is never served', async () => {
    const file = await bundleOf('other', 'second');
    const report = await replay(file);
    expect(report.extraction).toBe('fresh');
    expect(await extractions()).toContain(`${EXTRACTION_PREFIX}${report.bundleSha256}`);
    // A file swapped after it was hashed: its manifest is not the one that hash was cached with.
    const swapped = (await verifyBundle(await bundleOf('third', 'third'))).manifest as Manifest;
    expect(await cachedExtraction(workRoot(), report.bundleSha256 ?? '', swapped)).toBeUndefined();
    const genuine = (await verifyBundle(file)).manifest as Manifest;
    expect(await cachedExtraction(workRoot(), report.bundleSha256 ?? '', genuine)).toBeDefined();
  });

  it('clean removes extractions unused for the chosen age', async () => {
    const before = await extractions();
    expect(before.length).toBeGreaterThan(0);
    const pruned = await pruneDiskSpace({ workRoot: workRoot(), olderThanMs: -1, images: false });
    expect(pruned.problems).toEqual([]);
    expect(pruned.folders.filter((folder) => folder.kind === 'extraction')).toHaveLength(before.length);
    expect(await extractions()).toEqual([]);
  });
});
