// Opening a bundle of many files takes seconds at a million files before any content is hashed:
// the archive's directory and the file list report how far they are, up to the whole count; then
// hashing reports the bytes done a few times a second and once at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../../../main/core/open/open-bundle';
import { verifyBundle } from '../../../../main/core/open/verify-bundle';
import type { ProgressEvent } from '../../../../main/shared/messages';
import { manyFilesBundle } from '../../../helpers/many-files';

let base: string;
let bundle: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-open-progress-'));
  bundle = await manyFilesBundle(base, 60); // 12,001 project files
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('openBundle', () => {
  it("reports the directory's records and the file list's lines as it reads them", async () => {
    const events: ProgressEvent[] = [];
    const opened = await openBundle(bundle, (event) => events.push(event));
    if ('rejected' in opened) throw new Error(opened.rejected.join('; '));
    await opened.reader.close();
    const total = opened.manifest?.files.length ?? 0;
    expect(total).toBeGreaterThan(12_000);
    const directory = events.filter((event) => event.message === "Reading the archive's directory");
    expect(directory.map((event) => event.done)).toEqual([4096, 8192]);
    // Then the checks across the entries (a second at a million), counting up to the whole count.
    const checking = events.filter((event) => event.message === "Checking the archive's names");
    expect(checking.length).toBeGreaterThanOrEqual(4);
    expect(checking.every((event, index) => index === 0 || (event.done ?? 0) >= (checking[index - 1]?.done ?? 0))).toBe(
      true,
    );
    const entries = directory[0]?.total;
    expect(checking.at(-1)).toMatchObject({ phase: 'open', done: entries, total: entries, unit: 'files' });
    expect(events.indexOf(checking[0] as ProgressEvent)).toBeGreaterThan(
      events.indexOf(directory.at(-1) as ProgressEvent),
    );
    const list = events.filter((event) => event.message === 'Reading the file list');
    expect(list.length).toBeGreaterThanOrEqual(4);
    expect(list.every((event, index) => index === 0 || (event.done ?? 0) >= (list[index - 1]?.done ?? 0))).toBe(true);
    expect(list.at(-1)).toMatchObject({ phase: 'open', done: total, total, unit: 'files' });
  });

  it('reports hashing progress in bytes, at least at the end, without a message per file', async () => {
    const events: ProgressEvent[] = [];
    const report = await verifyBundle(bundle, { onProgress: (event) => events.push(event) });
    expect(report.valid).toBe(true);
    // Matching the archive with the list comes first (seconds at a million files), then hashing.
    const matching = events.findIndex((event) => event.message === 'Matching the archive with the file list');
    expect(matching).toBeGreaterThan(0);
    expect(events.findIndex((event) => event.unit === 'bytes')).toBeGreaterThan(matching);
    const hashing = events.filter((event) => event.phase === 'verify' && event.unit === 'bytes');
    expect(hashing.length).toBeGreaterThanOrEqual(1);
    // Throttled: far fewer reports than files.
    expect(hashing.length).toBeLessThan(report.checked.files / 10);
    expect(hashing.at(-1)).toMatchObject({
      done: report.checked.bytes,
      total: report.checked.bytes,
      unit: 'bytes',
      message: `${report.checked.files} of ${report.checked.files} files`,
    });
  });
});
