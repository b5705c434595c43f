// Unpacking a bundle of gigabytes takes a while: its bytes are counted as they are written, and it
// can be stopped, leaving nothing behind (the folder is removed, as on any failure).
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { unpackVerifiedBundle } from '../../../../main/core/open/extract-bundle';
import type { Manifest } from '../../../../main/shared/manifest';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let work: string;
let bundle: string;
let manifest: Manifest;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-unpack-progress-'));
  const project = path.join(work, 'project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  await writeFile(path.join(project, 'data', 'weights.bin'), randomBytes(6 * 1024 * 1024));
  bundle = path.join(work, 'b.rbundle');
  ({ manifest } = await createBundle({
    projectDir: project,
    output: bundle,
    key: ephemeralSigningKey('Ada'),
    baseImage: 'python:3.11-slim',
    run: 'python train.py',
    hardware: false,
  }));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('unpackVerifiedBundle', () => {
  it('counts the bytes written, up to the files’ total', async () => {
    const seen: [number, number][] = [];
    await unpackVerifiedBundle(bundle, manifest, path.join(work, 'out'), {
      onBytes: (done, total) => seen.push([done, total]),
    });
    const total = manifest.files.totalSize();
    expect(seen.length).toBeGreaterThan(6); // the 6 MiB file alone comes in several chunks
    expect(
      seen.every(([done, of], at) => of === total && (at === 0 || done > (seen[at - 1] as [number, number])[0])),
    ).toBe(true);
    expect(seen.at(-1)).toEqual([total, total]);
  });

  it('stops when cancelled, with a cancellation, and leaves no folder', async () => {
    const controller = new AbortController();
    const target = path.join(work, 'stopped');
    let calls = 0;
    const failure = await unpackVerifiedBundle(bundle, manifest, target, {
      signal: controller.signal,
      onBytes: () => {
        calls += 1;
        if (calls === 2) controller.abort();
      },
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(2);
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
