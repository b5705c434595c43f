// Open › Files asks for a bundle's file list a page at a time: pages in order, the filter applied
// to the whole list, a bundle replaced on disk read again, and a file that is no bundle refused.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { ReproError } from '../../../../main/core/errors';
import { listBundleFiles } from '../../../../main/core/open/list-bundle-files';
import { ephemeralSigningKey } from '../../../../main/core/signing/keys';

let base: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'rb-list-files-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function bundleOf(name: string, files: number): Promise<string> {
  const project = path.join(base, name);
  await mkdir(path.join(project, 'data'), { recursive: true });
  await writeFile(path.join(project, 'train.py'), 'print(1)\n');
  for (let index = 0; index < files; index += 1)
    await writeFile(path.join(project, 'data', `item${String(index).padStart(4, '0')}.txt`), `${index}\n`);
  const output = path.join(base, `${name}.rbundle`);
  await createBundle({ projectDir: project, output, key: ephemeralSigningKey('Ada'), hardware: false, replace: true });
  return output;
}

describe('listBundleFiles', () => {
  it('pages through the whole list in order, and filters it as a whole', async () => {
    const bundle = await bundleOf('many', 450);
    const first = await listBundleFiles(bundle, { filter: '', offset: 0, limit: 200 });
    expect(first.files).toHaveLength(200);
    const all = [...first.files];
    for (let offset = 200; offset < first.total; offset += 200)
      all.push(...(await listBundleFiles(bundle, { filter: '', offset, limit: 200 })).files);
    expect(all).toHaveLength(first.total);
    expect(first.matching).toBe(first.total);
    const paths = all.map((file) => file.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toContain('project/data/item0449.txt');

    const filtered = await listBundleFiles(bundle, { filter: 'ITEM04', offset: 0, limit: 20 });
    expect(filtered.matching).toBe(50);
    expect(filtered.total).toBe(first.total);
    expect(filtered.files.map((file) => file.path)).toEqual(
      Array.from({ length: 20 }, (_, index) => `project/data/item04${String(index).padStart(2, '0')}.txt`),
    );
    const rest = await listBundleFiles(bundle, { filter: 'ITEM04', offset: 40, limit: 20 });
    expect(rest.files).toHaveLength(10);
  });

  it('reads a bundle replaced on disk again', async () => {
    const bundle = await bundleOf('replaced', 3);
    const before = await listBundleFiles(bundle, { filter: 'item', offset: 0, limit: 100 });
    expect(before.matching).toBe(3);
    await bundleOf('replaced', 5);
    const after = await listBundleFiles(bundle, { filter: 'item', offset: 0, limit: 100 });
    expect(after.matching).toBe(5);
  });

  it('refuses a file that is not a bundle, naming it', async () => {
    const notBundle = path.join(base, 'notes.rbundle');
    await writeFile(notBundle, 'not a zip');
    const refused = await listBundleFiles(notBundle, { filter: '', offset: 0, limit: 10 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ReproError);
    expect((refused as ReproError).message).toContain(notBundle);
  });
});
