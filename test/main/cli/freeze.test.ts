// Archive-grade bundles (issue 19), end to end through the CLI on real engines: a bundle frozen
// on a throwaway base image made for the test replays to REPRODUCED after the base image and every
// built image are gone — loaded, nothing pulled or built — through Docker and through Podman's
// Docker-compatible API; one changed byte of a layer, or a hostile image signed by an attacker,
// is refused before anything is loaded; --rebuild takes the recipe instead.
import { copyFile, cp, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, resolveDockerEndpoint } from '../../../main/core/docker/engine';
import { verifyBundle } from '../../../main/core/open/verify-bundle';
import { ZipReader } from '../../../main/core/zip/zip-reader';
import type { FrozenImage } from '../../../main/shared/frozen-image';
import { imageEvents, requireBaseImage, requireDocker, requirePodman } from '../../helpers/docker';
import { hostileBundle } from '../../helpers/hostile-bundle';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli } from '../../helpers/serve-cli';
import { tarBytes, tinyImage } from '../../helpers/tar-bytes';

let docker: Docker;
let work: string;
let env: Record<string, string>;
let frozen: string;
let image: FrozenImage;
const base = `reprobundle-test/freeze-base:${process.pid}-${Date.now()}`;
const run = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });

beforeAll(async () => {
  requireBuiltCli();
  docker = await requireDocker();
  const baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-freeze-'));
  env = {
    ...cliFolders(work),
  };
  // The throwaway base image: an image of its own (a label), removed before any replay.
  const context = tarBytes([{ path: 'Dockerfile', content: `FROM ${baseImage}\nLABEL reprobundle.test="${base}"\n` }]);
  const build = (await docker.buildImage(Readable.from([context]) as unknown as NodeJS.ReadableStream, {
    t: base,
  })) as NodeJS.ReadableStream;
  await new Promise((resolve, reject) =>
    docker.modem.followProgress(build, (error) => (error ? reject(error) : resolve(null))),
  );

  expect((await run(['keygen', '--name', 'Ada Author'])).code).toBe(0);
  const project = path.join(work, 'project');
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  frozen = path.join(work, 'frozen.rbundle');
  const created = await run([
    'create',
    project,
    '-o',
    frozen,
    '--run',
    'python train.py',
    '--base-image',
    base,
    '--no-hardware',
    '--freeze',
  ]);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toMatch(/frozen image: sha256:[0-9a-f]{64} \(linux\/amd64, \d+ layers/);
  image = (await verifyBundle(frozen)).manifest?.image as FrozenImage;
  expect(image.layers.length).toBeGreaterThan(1);

  // Gone: the base image and the image built to freeze; nothing the replay could build from.
  await docker.getImage(image.config.digest).remove({ force: true });
  await docker.getImage(base).remove({ force: true });
  await expect(docker.getImage(base).inspect()).rejects.toThrow();
}, 240_000);

afterAll(async () => {
  await docker
    ?.getImage(image?.config.digest ?? 'none')
    .remove({ force: true })
    .catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

describe('a frozen bundle', () => {
  it('is shown by inspect with its config, layers and how to load it by hand', async () => {
    const inspected = await run(['inspect', frozen]);
    expect(inspected.stdout).toContain(`config ${image.config.digest}, linux/amd64`);
    expect(inspected.stdout).toContain(`layer 1: ${image.layers[0]?.diffId}`);
    expect(inspected.stdout).toContain('tar -C image -c . | docker load');
  });

  it("replays to REPRODUCED on the author's frozen image, with nothing pulled or built", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const replayed = await run(['replay', frozen, '--json']);
    expect(replayed.code, replayed.stderr).toBe(0);
    const report = JSON.parse(replayed.stdout) as {
      verdict: string;
      image: { source: string; imageId: string; cached: boolean };
    };
    expect(report.verdict).toBe('REPRODUCED');
    expect(report.image).toMatchObject({ source: 'frozen', imageId: image.config.digest, cached: false });
    const events = await imageEvents(docker, since);
    expect(events).toContain(`load ${image.config.digest}`);
    expect(events.filter((event) => event.startsWith('pull'))).toEqual([]);
    await expect(docker.getImage(base).inspect()).rejects.toThrow(); // never pulled back

    const again = await run(['replay', frozen]);
    expect(again.stdout).toContain("REPRODUCED (author's frozen image)");
    // A batch evaluation says which image ran, row by row.
    const evaluated = await run(['evaluate', frozen, '--out', path.join(work, 'evaluation'), '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject([{ verdict: 'REPRODUCED', image: 'frozen' }]);
  });

  it('is refused before anything is loaded when one byte of a layer changed', async () => {
    const altered = path.join(work, 'altered-layer.rbundle');
    await copyFile(frozen, altered);
    const reader = await ZipReader.open(altered);
    const largest = [...reader.entries].sort((a, b) => b.compressedSize - a.compressedSize)[0];
    await reader.close();
    expect(largest?.name).toMatch(/^image\/.*layer\.tar$/);
    const handle = await open(altered, 'r+');
    const at = (largest?.offset ?? 0) + Math.floor((largest?.compressedSize ?? 0) / 2);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, at);
    byte[0] = (byte[0] ?? 0) ^ 0xff;
    await handle.write(byte, 0, 1, at);
    await handle.close();

    const since = Math.floor(Date.now() / 1000) - 1;
    const replayed = await run(['replay', altered]);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain('failed verification and was not built or run');
    expect(replayed.stdout).toContain(largest?.name);
    // (Other test files load images meanwhile: only this image's events count.)
    expect(await imageEvents(docker, since)).not.toContain(`load ${image.config.digest}`);
  });

  it("replays through Podman's Docker-compatible API too", async () => {
    const host = await requirePodman();
    try {
      const replayed = await run(['replay', frozen], { DOCKER_HOST: host });
      expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
      expect(replayed.stdout).toContain("REPRODUCED (author's frozen image)");
    } finally {
      await connectDocker(resolveDockerEndpoint(host))
        .getImage(image.config.digest)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  it('--rebuild builds from the recipe instead, and says the frozen image was not used', async () => {
    const replayed = await run(['replay', frozen, '--rebuild', '--json']);
    const report = JSON.parse(replayed.stdout) as { verdict: string; reason: string; warnings: string[] };
    // The recipe names the base image, which is gone and cannot be pulled here: said so, plainly.
    expect(report.verdict).toBe('FAILED');
    expect(report.reason).toContain(`The base image ${base} is not on this engine and could not be pulled`);
    expect(report.warnings.join('\n')).toContain(
      'frozen image, which was not used: the image was built from the recipe, as asked',
    );
  });

  it('a camera-ready copy keeps the frozen image; a review copy leaves it out and says why; --freeze on a review is refused', async () => {
    const camera = path.join(work, 'camera-ready.zip');
    const kept = await run(['export', frozen, '--for', 'camera-ready', '-o', camera]);
    expect(kept.code, kept.stderr).toBe(0);
    expect((await verifyBundle(camera)).manifest?.image?.config.digest).toBe(image.config.digest);

    const review = path.join(work, 'review.zip');
    const dropped = await run(['export', frozen, '--for', 'review', '-o', review]);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stdout).toContain('The frozen image was left out of the review copy');
    const reviewManifest = (await verifyBundle(review)).manifest;
    expect(reviewManifest?.image).toBeNull();
    expect(reviewManifest?.files.some((file) => file.path.startsWith('image/'))).toBe(false);

    const refused = await run(['export', frozen, '--for', 'review', '-o', path.join(work, 'r2.zip'), '--freeze']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('A review copy cannot carry a frozen image');
  });

  it('refuses a hostile image signed by an attacker before loading it', async () => {
    const hostile = path.join(work, 'hostile-image.rbundle');
    const planted = tinyImage([tarBytes([{ path: '../../../../etc/cron.d/evil', content: '* * * * * root id\n' }])]);
    await hostileBundle(frozen, hostile, (manifest, entries) => {
      for (const name of [...entries.keys()]) if (name.startsWith('image/')) entries.delete(name);
      for (const [name, data] of planted.files) entries.set(`image/${name}`, { data, executable: false });
      manifest['image'] = planted.record;
    });
    const since = Math.floor(Date.now() / 1000) - 1;
    const replayed = await run(['replay', hostile]);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain(
      "The frozen image was not loaded: image/layer0/layer.tar holds a path out of the image's root",
    );
    expect(await imageEvents(docker, since)).not.toContain(`load ${planted.digest}`);
  });
});
