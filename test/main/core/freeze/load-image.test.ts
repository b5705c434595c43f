// Loading a frozen image treats it as hostile input (issue 19): a tiny valid image loads under
// our own tag with its recorded ID, and every image a hostile bundle could carry is refused
// before the engine is asked to load anything (checked through the engine's own events).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFrozenImage } from '../../../../main/core/freeze/load-image';
import { frozenImageSchema, type FrozenImage } from '../../../../main/shared/frozen-image';
import { imageEvents, requireDocker } from '../../../helpers/docker';
import { tarBytes, tinyImage, type TarEntry } from '../../../helpers/tar-bytes';

let docker: Docker;
let work: string;
let counter = 0;

beforeAll(async () => {
  docker = await requireDocker();
  work = await mkdtemp(path.join(tmpdir(), 'rb-load-image-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

/** A fresh folder of the replay's own, where the load is staged. */
async function scratch(): Promise<string> {
  counter += 1;
  const dir = path.join(work, `scratch-${counter}`);
  await mkdir(dir);
  return dir;
}

/** An unpacked bundle folder holding the image; returns the folder and the manifest's record. */
async function unpacked(image: ReturnType<typeof tinyImage>): Promise<{ dir: string; record: FrozenImage }> {
  counter += 1;
  const dir = path.join(work, `bundle-${counter}`);
  for (const [name, data] of image.files) {
    const file = path.join(dir, 'image', ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  }
  return { dir, record: frozenImageSchema.parse(image.record) };
}

/** How many times the engine reported loading image `id` since `since` (seconds). */
async function imageLoads(since: number, id: string): Promise<number> {
  return (await imageEvents(docker, since)).filter((event) => event === `load ${id}`).length;
}

async function refusal(entries: TarEntry[][], options: Parameters<typeof tinyImage>[1] = {}): Promise<string> {
  const { dir, record } = await unpacked(tinyImage(entries.map(tarBytes), options));
  const since = Math.floor(Date.now() / 1000) - 1;
  const error = await loadFrozenImage(docker, record, dir, { scratchDir: await scratch() }).then(
    () => undefined,
    (caught: Error) => caught,
  );
  expect(error, 'the image was loaded').toBeDefined();
  expect(await imageLoads(since, record.config.digest), 'the engine was asked to load it').toBe(0);
  return (error as Error).message;
}

describe('loading a frozen image', () => {
  it('loads a valid image under our tag, with the recorded ID, and reuses it the second time', async () => {
    const { dir, record } = await unpacked(
      tinyImage([tarBytes([{ path: 'hello', content: `made by a test ${Date.now()}\n` }])]),
    );
    try {
      const since = Math.floor(Date.now() / 1000) - 1;
      const loaded = await loadFrozenImage(docker, record, dir, { scratchDir: await scratch() });
      expect(await imageLoads(since, record.config.digest)).toBe(1); // the events see a load
      expect(loaded.imageId).toBe(record.config.digest);
      expect(loaded.cached).toBe(false);
      expect(loaded.config.cmd).toEqual(['/hello']);
      expect((await docker.getImage(loaded.tag).inspect()).Id).toBe(record.config.digest);
      expect((await loadFrozenImage(docker, record, dir, { scratchDir: await scratch() })).cached).toBe(true);
    } finally {
      await docker
        .getImage(record.config.digest)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  it('refuses a layer path out of the root', async () => {
    expect(await refusal([[{ path: '../../etc/cron.d/evil', content: '* * * * * root sh\n' }]])).toContain(
      "holds a path out of the image's root",
    );
  });

  it('refuses a hard link out of the root', async () => {
    expect(await refusal([[{ path: 'shadow', type: 'hardlink', link: '../../../etc/shadow' }]])).toContain(
      "hard link out of the image's root",
    );
  });

  it('refuses a write through a link the same layer planted', async () => {
    const message = await refusal([
      [
        { path: 'escape', type: 'symlink', link: '/etc' },
        { path: 'escape/passwd', content: 'root::0:0::/:/bin/sh\n' },
      ],
    ]);
    expect(message).toContain('through a link the same layer made');
  });

  it('refuses a config that lists other layers than the manifest, declares volumes, or names another platform', async () => {
    const layer = [{ path: 'hello', content: 'x' }];
    expect(await refusal([layer], { diffIds: [`sha256:${'0'.repeat(64)}`] })).toContain(
      "its config's layers are not the layers the manifest lists",
    );
    expect(await refusal([layer], { volumes: ['/data'] })).toContain('declares volumes (/data)');
    expect(await refusal([layer], { architecture: 'riscv64' })).toContain('The frozen image is for linux/riscv64');
  });

  it('refuses a layer that is not a tar archive', async () => {
    const { dir, record } = await unpacked(tinyImage([Buffer.from('not a tar at all, but long enough '.repeat(40))]));
    await expect(loadFrozenImage(docker, record, dir, { scratchDir: await scratch() })).rejects.toThrow(
      'is not a readable tar archive',
    );
  });
});
