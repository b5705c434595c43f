// Freeing disk space on real folders and a real Docker engine: what is older than the age goes
// (replay folders with their reports, uploads, replay images by tag), what is recent stays, a
// dry run removes nothing, and the base image a replay image was tagged from is never touched.
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL } from '../../../../main/core/docker/run-container';
import { diskUsage, pruneDiskSpace } from '../../../../main/core/maintenance/disk-space';
import { REPLAY_IMAGE_REPOSITORY } from '../../../../main/core/docker/replay-image';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../../helpers/docker';

let root: string;
let docker: Docker;
const DAY = 24 * 3600 * 1000;
const oldTag = `${REPLAY_IMAGE_REPOSITORY}:disk-space-test`;

async function folder(name: string, ageDays: number, bytes: number): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'outputs'), { recursive: true });
  const file = path.join(dir, 'outputs', 'report.json');
  await writeFile(file, Buffer.alloc(bytes, 1));
  const when = new Date(Date.now() - ageDays * DAY);
  for (const target of [file, path.join(dir, 'outputs'), dir]) await utimes(target, when, when);
  return dir;
}

beforeAll(async () => {
  docker = await requireDocker();
  await requireBaseImage(docker);
  root = await mkdtemp(path.join(tmpdir(), 'rb-disk-'));
  await folder('replay-old', 30, 5000);
  await folder('preflight-old', 10, 3000);
  await folder('replay-new', 0, 1000);
  await folder('uploads', 20, 700);
  await folder('unrelated', 90, 100);
  // A replay image, tagged from the base image (created long ago), as a replay would leave one.
  await docker.getImage(BASE_IMAGE).tag({ repo: REPLAY_IMAGE_REPOSITORY, tag: 'disk-space-test' });
});
afterAll(async () => {
  await docker
    .getImage(oldTag)
    .remove()
    .catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('disk space', () => {
  it('lists the folders with their sizes and the replay images', async () => {
    const usage = await diskUsage(root, docker);
    expect(usage.folders.map((entry) => [path.basename(entry.path), entry.kind, entry.bytes])).toEqual([
      ['preflight-old', 'preflight', 3000],
      ['replay-new', 'replay', 1000],
      ['replay-old', 'replay', 5000],
      ['unrelated', 'other', 100],
      ['uploads', 'uploads', 700],
    ]);
    expect(usage.images.map((image) => image.tag)).toContain(oldTag);
    expect(usage.imagesUnavailable).toBeNull();
  });

  it('removes nothing on a dry run', async () => {
    const result = await pruneDiskSpace({ workRoot: root, docker, olderThanMs: 7 * DAY, images: true, dryRun: true });
    expect(result.folders.map((entry) => path.basename(entry.path)).sort()).toEqual([
      'preflight-old',
      'replay-old',
      'uploads',
    ]);
    expect((await readdir(root)).sort()).toEqual(['preflight-old', 'replay-new', 'replay-old', 'unrelated', 'uploads']);
    await docker.getImage(oldTag).inspect();
  });

  it('removes what is older than the age, and keeps what is recent or not its own', async () => {
    const result = await pruneDiskSpace({ workRoot: root, docker, olderThanMs: 7 * DAY, images: false });
    expect(result.freedBytes).toBe(5000 + 3000 + 700);
    expect(result.problems).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['replay-new', 'unrelated']);
  });

  it("removes the container of a replay that was killed (its process is gone), and no one else's", async () => {
    const labels = (pid: string, host = hostname()): Record<string, string> => ({
      [MANAGED_LABEL]: 'true',
      [OWNER_PID_LABEL]: pid,
      [OWNER_HOST_LABEL]: host,
    });
    // A pid that no process has (above the kernel's maximum), this process's own, another machine's.
    const orphan = await docker.createContainer({
      Image: BASE_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: labels('99999999'),
    });
    const running = await docker.createContainer({
      Image: BASE_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: labels(String(process.pid)),
    });
    const remote = await docker.createContainer({
      Image: BASE_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: labels('99999999', 'another-host'),
    });
    try {
      await orphan.start();
      const dry = await pruneDiskSpace({ workRoot: root, docker, olderThanMs: 7 * DAY, images: false, dryRun: true });
      expect(dry.containers.map((container) => container.id)).toEqual([orphan.id]);
      await orphan.inspect();
      const result = await pruneDiskSpace({ workRoot: root, docker, olderThanMs: 7 * DAY, images: false });
      expect(result.containers).toEqual([expect.objectContaining({ id: orphan.id, state: 'running' })]);
      await expect(orphan.inspect()).rejects.toThrow();
      await running.inspect();
      await remote.inspect();
    } finally {
      for (const container of [orphan, running, remote]) await container.remove({ force: true }).catch(() => undefined);
    }
  });

  it('removes replay images by their tag, never the base image they share', async () => {
    // Old enough: created no later than a second after the base image. Replay images other tests
    // build meanwhile are all newer, so they are left alone (test files run in parallel).
    const created = Date.parse((await docker.getImage(BASE_IMAGE).inspect()).Created);
    const result = await pruneDiskSpace({
      workRoot: root,
      docker,
      olderThanMs: Date.now() - (created + 1000),
      images: true,
    });
    expect(result.images.map((image) => image.tag)).toEqual([oldTag]);
    await expect(docker.getImage(oldTag).inspect()).rejects.toThrow();
    await docker.getImage(BASE_IMAGE).inspect();
  });
});
