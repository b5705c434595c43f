// Loads a frozen bundle's image for a replay (issue 19), treating it as hostile input although
// its files verified: the config must hash to the recorded digest and list exactly the recorded
// layers, its platform must be the engine's, it may declare no volumes, and no layer may hold a
// path out of the image's root, a hard link out of it, or an entry that writes through a link the
// same layer planted. Only then is a docker-archive stream made from the verified files, with a
// manifest.json of our own (our tag, never the bundle's), and given to the engine's load API: no
// pull, no build, no network. The loaded image's ID must be the recorded config digest.
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import * as tar from 'tar';
import { IMAGE_FOLDER, type FrozenImage } from '../../shared/frozen-image';
import { errorMessage } from '../../shared/error-text';
import { CancelledError, ReproError } from '../errors';
import { REPLAY_IMAGE_REPOSITORY } from '../docker/replay-image';
import { imageConfigSchema, MAX_CONFIG_BYTES, type ImageConfig } from './image-config';

/** More entries than any real layer holds (a full CUDA toolkit is ~100,000). */
export const MAX_LAYER_ENTRIES = 2_000_000;

export interface LoadedImage {
  tag: string;
  imageId: string;
  /** The engine already had it (an earlier replay, or the author's own machine). */
  cached: boolean;
  /** What the image would run by itself; the replay overrides all of it from the manifest. */
  config: { entrypoint: string[] | null; cmd: string[] | null; user: string; workingDir: string; env: string[] };
}

/** A frozen image that may not be loaded: the message says which check failed. */
export class FrozenImageRefusedError extends ReproError {
  constructor(message: string) {
    super({
      code: 'frozen-image-refused',
      message: `The frozen image was not loaded: ${message}.`,
      fix: "Build the image from the bundle's recipe instead, or ask the author for a new bundle.",
      inputs: ['rebuild'],
    });
    this.name = 'FrozenImageRefusedError';
  }
}

/** The tag a frozen image is loaded under: the replay repository, so disk cleaning finds it. */
export function frozenImageTag(image: FrozenImage): string {
  return `${REPLAY_IMAGE_REPOSITORY}:${frozenTagName(image)}`;
}

function frozenTagName(image: FrozenImage): string {
  return `frozen-${image.config.digest.slice('sha256:'.length, 'sha256:'.length + 24)}`;
}

export async function loadFrozenImage(
  docker: Docker,
  image: FrozenImage,
  bundleDir: string,
  options: {
    /** A folder of this replay's own, where the load stream is staged (`bundleDir` may be read-only and shared). */
    scratchDir: string;
    signal?: AbortSignal;
    onLog?: (line: string) => void;
  },
): Promise<LoadedImage> {
  const file = (entry: string): string => path.join(bundleDir, ...entry.split('/'));
  const config = await checkConfig(file(image.config.path), image);
  await checkPlatform(docker, image);
  const tag = frozenImageTag(image);
  const summary = {
    entrypoint: config.config?.Entrypoint ?? null,
    cmd: config.config?.Cmd ?? null,
    user: config.config?.User ?? '',
    workingDir: config.config?.WorkingDir ?? '',
    env: config.config?.Env ?? [],
  };
  const existing = await docker
    .getImage(image.config.digest)
    .inspect()
    .catch(() => undefined);
  if (existing !== undefined) {
    await docker.getImage(image.config.digest).tag({ repo: REPLAY_IMAGE_REPOSITORY, tag: frozenTagName(image) });
    return { tag, imageId: existing.Id, cached: true, config: summary };
  }
  for (const layer of new Set(image.layers.map((entry) => entry.path))) {
    if (options.signal?.aborted === true) throw new CancelledError('Checking the frozen image');
    await checkLayer(file(layer), layer);
  }

  // The stream the engine loads: our manifest.json, and links to the verified config and layers
  // (packed as the files they point to), staged in this replay's own folder.
  const staging = path.join(options.scratchDir, 'image-load');
  const members = [image.config.path, ...new Set(image.layers.map((layer) => layer.path))].map((entry) =>
    entry.slice(IMAGE_FOLDER.length),
  );
  for (const member of members) {
    await mkdir(path.dirname(path.join(staging, member)), { recursive: true });
    await symlink(path.join(bundleDir, IMAGE_FOLDER, member), path.join(staging, member));
  }
  await writeFile(
    path.join(staging, 'manifest.json'),
    JSON.stringify([
      {
        Config: image.config.path.slice(IMAGE_FOLDER.length),
        RepoTags: [tag],
        Layers: image.layers.map((layer) => layer.path.slice(IMAGE_FOLDER.length)),
      },
    ]),
  );
  const archive = tar.c({ cwd: staging, portable: true, follow: true }, ['manifest.json', ...members]);
  // Cancelling stops the stream the engine reads; the engine then discards the partial load.
  const stop = (): void => void (archive as unknown as { destroy?: () => void }).destroy?.();
  options.signal?.addEventListener('abort', stop, { once: true });
  let failure: string | undefined;
  try {
    let answer: NodeJS.ReadableStream;
    try {
      answer = (await docker.loadImage(archive as unknown as NodeJS.ReadableStream, {
        quiet: true,
      })) as NodeJS.ReadableStream;
    } catch (error) {
      throw new ReproError({
        code: 'frozen-image-load-failed',
        message: `The engine refused to load the frozen image: ${errorMessage(error)}`,
        fix: "Check the engine's disk has room for the image (the bundle records its size), then replay again.",
      });
    }
    failure = await readLoadAnswer(answer, options.onLog);
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  if (options.signal?.aborted === true) throw new CancelledError('Loading the frozen image');
  const loaded = await docker
    .getImage(image.config.digest)
    .inspect()
    .catch(() => undefined);
  if (failure !== undefined || loaded === undefined)
    throw new ReproError({
      code: 'frozen-image-load-failed',
      message: `The engine did not load the frozen image: ${failure ?? `no image ${image.config.digest} after loading`}.`,
      fix: "Check the engine's disk has room for the image, then replay again, or build it from the bundle's recipe instead.",
      inputs: ['rebuild'],
    });
  // Podman names a loaded image localhost/<repo>; tag it as Docker would, for cleaning.
  await docker
    .getImage(image.config.digest)
    .tag({ repo: REPLAY_IMAGE_REPOSITORY, tag: frozenTagName(image) })
    .catch(() => undefined);
  return { tag, imageId: loaded.Id, cached: false, config: summary };
}

async function checkConfig(file: string, image: FrozenImage): Promise<ImageConfig> {
  const info = await stat(file);
  if (info.size > MAX_CONFIG_BYTES)
    throw new FrozenImageRefusedError(`its config is larger than ${MAX_CONFIG_BYTES} bytes`);
  let config: ImageConfig;
  try {
    config = imageConfigSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    throw new FrozenImageRefusedError(
      `its config is not an image config (${errorMessage(error).split('\n')[0] ?? ''})`,
    );
  }
  const recorded = image.layers.map((layer) => layer.diffId);
  if (config.rootfs.diff_ids.join() !== recorded.join())
    throw new FrozenImageRefusedError("its config's layers are not the layers the manifest lists");
  if (config.os !== image.platform.os || config.architecture !== image.platform.architecture)
    throw new FrozenImageRefusedError("its config's platform is not the one the manifest records");
  const volumes = Object.keys(config.config?.Volumes ?? {});
  if (volumes.length > 0)
    throw new FrozenImageRefusedError(
      `its config declares volumes (${volumes.join(', ')}), storage outside the run's sandbox that ReproBundle's recipes never declare`,
    );
  return config;
}

async function checkPlatform(docker: Docker, image: FrozenImage): Promise<void> {
  const version = await docker.version();
  const platform = `${image.platform.os}/${image.platform.architecture}${image.platform.variant === null ? '' : `/${image.platform.variant}`}`;
  if (version.Os !== image.platform.os || version.Arch !== image.platform.architecture)
    throw new ReproError({
      code: 'frozen-image-platform',
      message: `The frozen image is for ${platform}, and this engine runs ${version.Os}/${version.Arch}.`,
      fix: "Build the image for this machine from the bundle's recipe instead, or replay on a machine of that platform.",
      inputs: ['rebuild'],
    });
}

/**
 * Reads a layer's tar headers (the data is skipped) and refuses what no image builder writes and
 * what could reach out of the image's root when applied.
 */
async function checkLayer(file: string, name: string): Promise<void> {
  let count = 0;
  const links = new Set<string>();
  let refusal: string | undefined;
  const refuse = (why: string): void => {
    refusal ??= `${name} ${why}`;
  };
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      count += 1;
      entry.resume();
      if (refusal !== undefined) return;
      if (count > MAX_LAYER_ENTRIES) return refuse(`holds more than ${MAX_LAYER_ENTRIES} entries`);
      const target = layerPath(entry.path);
      if (target === undefined) return refuse(`holds a path out of the image's root: ${JSON.stringify(entry.path)}`);
      for (let at = target.indexOf('/'); at > 0; at = target.indexOf('/', at + 1))
        if (links.has(target.slice(0, at)))
          return refuse(`writes ${JSON.stringify(entry.path)} through a link the same layer made`);
      if (entry.type === 'Link' && layerPath(entry.linkpath ?? '') === undefined)
        return refuse(`holds a hard link out of the image's root: ${JSON.stringify(entry.linkpath)}`);
      if (entry.type === 'SymbolicLink') links.add(target);
      if (!LAYER_ENTRY_TYPES.has(entry.type)) refuse(`holds an entry of type ${entry.type}`);
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('end', resolve);
      parser.on('error', reject);
      parser.on('warn', (_code: string, message: string | Error) =>
        reject(new Error(typeof message === 'string' ? message : message.message)),
      );
      createReadStream(file)
        .on('error', reject)
        .pipe(parser as unknown as NodeJS.WritableStream);
    });
  } catch (error) {
    throw new FrozenImageRefusedError(`${name} is not a readable tar archive (${errorMessage(error)})`);
  }
  if (refusal !== undefined) throw new FrozenImageRefusedError(refusal);
}

const LAYER_ENTRY_TYPES = new Set([
  'File',
  'OldFile',
  'ContiguousFile',
  'Directory',
  'SymbolicLink',
  'Link',
  'CharacterDevice',
  'BlockDevice',
  'FIFO',
]);

/** The entry's path inside the image's root (no leading ./ or /), or undefined when it climbs out. */
function layerPath(raw: string): string | undefined {
  const parts: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return undefined; // a builder never writes one; applied, it could climb out
    parts.push(segment);
  }
  return parts.join('/');
}

/** Reads the engine's answer to a load; returns the error it reported, if any. */
async function readLoadAnswer(
  answer: NodeJS.ReadableStream,
  onLog?: (line: string) => void,
): Promise<string | undefined> {
  let text = '';
  for await (const chunk of answer as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  let failure: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const message = JSON.parse(line) as { stream?: string; error?: string; errorDetail?: { message?: string } };
      if (message.stream !== undefined) onLog?.(message.stream.trim());
      if (message.error !== undefined || message.errorDetail !== undefined)
        failure ??= message.errorDetail?.message ?? message.error;
    } catch {
      onLog?.(line.trim());
    }
  }
  return failure;
}
