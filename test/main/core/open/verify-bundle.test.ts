// Verify starts its hashing threads before it reads the archive (they take ~0.1 s to start), so
// it must close them on every way out: after hashing, and when it stops before hashing anything;
// and start none when it hashes nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import { WorkerPool } from '../../../../main/core/zip/worker-pool';
import { manyFilesBundle } from '../../../helpers/many-files';

let base: string;
let bundle: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-verify-workers-'));
  bundle = await manyFilesBundle(base, 2);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every pool's close, and what each resolved with (each thread's exit code). */
function watchPools(): { closed: () => Promise<number[][]> } {
  const close = vi.spyOn(WorkerPool.prototype, 'close');
  return { closed: () => Promise.all(close.mock.results.map((result) => result.value as Promise<number[]>)) };
}

describe('verifyBundle and its hashing threads', () => {
  it('closes them once the files are hashed, each thread exiting cleanly', async () => {
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    const { closed } = watchPools();
    const report = await verifyBundle(bundle);
    expect(report.valid).toBe(true);
    expect(run).toHaveBeenCalled();
    const exits = await closed();
    expect(exits.length).toBeGreaterThan(0);
    for (const codes of exits) expect(codes.every((code) => code === 0)).toBe(true);
  });

  it('closes them when the archive is refused before anything is hashed', async () => {
    const notZip = path.join(base, 'not-a-bundle.rbundle');
    await writeFile(notZip, 'this is not a ZIP archive\n');
    const { closed } = watchPools();
    const report = await verifyBundle(notZip);
    expect(report.valid).toBe(false);
    const exits = await closed();
    expect(exits.length).toBeGreaterThan(0);
    for (const codes of exits) expect(codes.every((code) => code === 0)).toBe(true);
  });

  it('starts none when the files were verified before', async () => {
    const { closed } = watchPools();
    const report = await verifyBundle(bundle, { filesVerifiedBefore: true });
    expect(report.valid).toBe(true);
    expect(await closed()).toEqual([]);
  });
});
