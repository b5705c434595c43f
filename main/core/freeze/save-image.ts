// Saves a built image for a frozen bundle (`create --freeze`): `docker save` streamed into a work
// folder (never held in memory), its manifest.json read, duplicate layers (which `docker save`
// writes as links) resolved to one file, and manifest.json rewritten with no repository tag, so
// loading the bundle's copy by hand names nothing on the reviewer's engine. Returns the files to
// archive under image/ and the manifest's `image` record.
import { createHash } from 'node:crypto';
import { readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import * as tar from 'tar';
import { z } from 'zod';
import { IMAGE_FOLDER, type FrozenImage } from '../../shared/frozen-image';
import { ReproError } from '../errors';
import { requireFreeSpace } from '../files/free-space';
import type { FileToArchive } from '../zip/archive-files';
import { imageConfigSchema, MAX_CONFIG_BYTES } from './image-config';

/** The docker-archive manifest.json: one object per saved image. */
export const archiveManifestSchema = z
  .array(
    z.object({
      Config: z.string(),
      RepoTags: z.array(z.string()).nullable().optional(),
      Layers: z.array(z.string()),
    }),
  )
  .length(1, 'exactly one image');

export interface SavedImage {
  record: FrozenImage;
  /** manifest.json, the config and each distinct layer, named as they go in the bundle. */
  files: FileToArchive[];
}

export async function saveImage(
  docker: Docker,
  imageRef: string,
  dir: string,
  signal?: AbortSignal,
): Promise<SavedImage> {
  const image = docker.getImage(imageRef);
  const info = await image.inspect();
  await requireFreeSpace(dir, info.Size, 'saving the image to freeze it');
  const stream = (await image.get()) as NodeJS.ReadableStream;
  // What our own engine wrote: node-tar's extraction still refuses paths out of `dir`.
  await pipeline(stream, tar.x({ cwd: dir, strict: true }), ...(signal === undefined ? [] : [{ signal }]));

  const [saved] = archiveManifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
  const configFile = await inside(dir, (saved as { Config: string }).Config);
  const configBytes = await readFile(configFile);
  if (configBytes.length > MAX_CONFIG_BYTES)
    throw new Error(`the saved image config is larger than ${MAX_CONFIG_BYTES} bytes`);
  const config = imageConfigSchema.parse(JSON.parse(configBytes.toString('utf8')));
  const layers = await Promise.all((saved as { Layers: string[] }).Layers.map((layer) => inside(dir, layer)));
  if (layers.length !== config.rootfs.diff_ids.length)
    throw new Error(
      `the saved image has ${layers.length} layers where its config lists ${config.rootfs.diff_ids.length}`,
    );

  const relative = (file: string): string => path.relative(dir, file).split(path.sep).join('/');
  const manifestFile = path.join(dir, 'manifest.json');
  await writeFile(
    manifestFile,
    `${JSON.stringify([{ Config: relative(configFile), RepoTags: null, Layers: layers.map(relative) }], null, 2)}\n`,
  );
  const entry = async (file: string): Promise<FileToArchive> => ({
    name: `${IMAGE_FOLDER}${relative(file)}`,
    source: file,
    size: (await stat(file)).size,
    executable: false,
  });
  const distinct = [...new Set(layers)];
  const layerEntries = await Promise.all(distinct.map(entry));
  const sizeOf = new Map(distinct.map((file, index) => [file, (layerEntries[index] as FileToArchive).size]));
  const configEntry = await entry(configFile);
  const version = await docker.version().catch(() => undefined);
  return {
    record: {
      format: 'docker-archive',
      config: { path: configEntry.name, digest: `sha256:${createHash('sha256').update(configBytes).digest('hex')}` },
      layers: layers.map((file, index) => ({
        path: `${IMAGE_FOLDER}${relative(file)}`,
        diffId: config.rootfs.diff_ids[index] as string,
        size: sizeOf.get(file) as number,
      })),
      platform: { os: config.os, architecture: config.architecture, variant: config.variant ?? null },
      size: configEntry.size + layerEntries.reduce((sum, layer) => sum + layer.size, 0),
      builtWith: { engine: engineName(version), version: version?.Version ?? 'unknown' },
    },
    files: [await entry(manifestFile), configEntry, ...layerEntries],
  };
}

/** "Docker Engine", "Podman Engine": the first component the engine's version names. */
function engineName(version: unknown): string {
  const name = (version as { Components?: { Name?: string }[] } | undefined)?.Components?.[0]?.Name;
  return name === undefined || name === 'Engine' ? 'Docker Engine' : name;
}

/** `name` resolved (links followed) inside `dir`; anything outside is refused. */
async function inside(dir: string, name: string): Promise<string> {
  const root = await realpath(dir);
  const resolved = await realpath(path.resolve(root, name));
  if (!resolved.startsWith(`${root}${path.sep}`))
    throw new ReproError({
      code: 'freeze-failed',
      message: `The engine's saved image names ${name}, outside the image.`,
      fix: 'Build the image again and retry; if it persists, report it with the engine version.',
    });
  return resolved;
}
