// `create --freeze`: builds the bundle's replay image from exactly the files and Dockerfile being
// bundled (a build context of hard links to them, so nothing is copied), or takes the image
// pre-flight built from the same Dockerfile, and saves it for the bundle (save-image.ts). The
// image tag is derived from the Dockerfile and the files' digests, so freezing the same bundle
// twice builds once.
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { DEFAULT_BUILD_TIMEOUT_MS, DEFAULT_LIMITS } from '../../shared/defaults';
import { DOCKERFILE_NAME, DOCKERIGNORE_NAME, PROJECT_PREFIX } from '../../shared/layout';
import { ReproError } from '../errors';
import { freshWorkFolder } from '../open/extract-bundle';
import { BuildFailedError, buildImage } from '../docker/build-image';
import { REPLAY_IMAGE_REPOSITORY } from '../docker/replay-image';
import { frozenImageProblem, type FrozenImage } from '../../shared/frozen-image';
import type { ManifestFile } from '../../shared/manifest';
import type { ProgressSink } from '../progress';
import { archiveFiles } from '../zip/archive-files';
import type { ZipWriter } from '../zip/zip-writer';
import { saveImage, type SavedImage } from './save-image';

export interface FreezeOptions {
  docker: Docker;
  /** Where the build context and the saved image are staged (removed by the caller). */
  workRoot: string;
  /** The image pre-flight built, and the Dockerfile it built from: saved when the Dockerfile is the same. */
  prebuilt?: { tag: string; dockerfile: string };
  buildTimeoutMs?: number;
  onLog?: (line: string) => void;
}

export interface FrozenBuild {
  /** The work folder holding the saved image's files: the caller archives them, then removes it. */
  workDir: string;
  saved: SavedImage;
  /** How the image came to be. */
  source: 'built' | 'pre-flight';
}

export async function freezeImage(
  options: FreezeOptions,
  bundle: {
    dockerfile: string;
    dockerignore: string;
    /** The bundle's project files: archive name (project/…), where they are, and their digest. */
    files: readonly { name: string; source: string; sha256: string; executable: boolean }[];
  },
  signal?: AbortSignal,
): Promise<FrozenBuild> {
  const workDir = await freshWorkFolder(options.workRoot, 'freeze');
  let tag: string;
  let source: FrozenBuild['source'];
  if (options.prebuilt !== undefined && options.prebuilt.dockerfile === bundle.dockerfile) {
    tag = options.prebuilt.tag;
    source = 'pre-flight';
  } else {
    tag = await buildContext(options, bundle, workDir, signal);
    source = 'built';
  }
  const imageDir = path.join(workDir, 'image');
  await mkdir(imageDir);
  return { workDir, saved: await saveImage(options.docker, tag, imageDir, signal), source };
}

/**
 * Freezes the image of the bundle being written and adds it under image/ (create and a
 * camera-ready export): built or taken from pre-flight, saved, archived, and checked to be the
 * layers its config names. Returns the manifest's `image` record and the files it added.
 */
export async function freezeIntoBundle(
  writer: ZipWriter,
  options: FreezeOptions,
  bundle: Parameters<typeof freezeImage>[1],
  progress: ProgressSink,
  signal?: AbortSignal,
): Promise<{ image: FrozenImage; files: ManifestFile[] }> {
  progress({ phase: 'freeze', message: 'Building the replay image to freeze it' });
  const frozen = await freezeImage(options, bundle, signal);
  try {
    const total = frozen.saved.files.reduce((sum, file) => sum + file.size, 0);
    const stored = await archiveFiles(writer, frozen.saved.files, {
      ...(signal === undefined ? {} : { signal }),
      onFile: (count, bytes) =>
        progress({
          phase: 'freeze',
          done: bytes,
          total,
          unit: 'bytes',
          message: `Storing the frozen image (${count} of ${frozen.saved.files.length} files)`,
        }),
    });
    // A handful of files (the config and the layers): objects are fine here.
    const table = stored.build();
    const files = [...table];
    // The engine's save must hold the layers its config names, byte for byte.
    const problem = frozenImageProblem(frozen.saved.record, table);
    if (problem !== undefined)
      throw new ReproError({
        code: 'freeze-failed',
        message: `The saved image does not match itself (${problem}); no bundle was written.`,
        fix: 'Try again; if it persists, report it with the engine version.',
      });
    return { image: frozen.saved.record, files };
  } finally {
    await rm(frozen.workDir, { recursive: true, force: true });
  }
}

async function buildContext(
  options: FreezeOptions,
  bundle: Parameters<typeof freezeImage>[1],
  workDir: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const context = path.join(workDir, 'context');
  for (const file of bundle.files) {
    if (!file.name.startsWith(PROJECT_PREFIX)) continue;
    const target = path.join(context, ...file.name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    // A hard link costs nothing; across file systems, a copy.
    await link(file.source, target).catch(() => copyFile(file.source, target));
  }
  await mkdir(path.join(context, 'project'), { recursive: true });
  await writeFile(path.join(context, DOCKERFILE_NAME), bundle.dockerfile);
  await writeFile(path.join(context, DOCKERIGNORE_NAME), bundle.dockerignore);
  const digest = createHash('sha256').update(bundle.dockerfile);
  for (const file of bundle.files) digest.update(`\n${file.sha256} ${file.executable ? 755 : 644} ${file.name}`);
  const tag = `${REPLAY_IMAGE_REPOSITORY}:freeze-${digest.digest('hex').slice(0, 24)}`;
  try {
    await buildImage(options.docker, {
      contextDir: context,
      files: [DOCKERFILE_NAME, DOCKERIGNORE_NAME, 'project'],
      tag,
      timeoutMs: options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
      limits: { memoryBytes: DEFAULT_LIMITS.memoryBytes, cpus: DEFAULT_LIMITS.cpus },
      ...(signal === undefined ? {} : { signal }),
      ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    });
  } catch (error) {
    if (error instanceof BuildFailedError)
      throw new ReproError({
        code: 'freeze-build-failed',
        message: `The image to freeze could not be built, so no bundle was written: ${error.message}\n${error.log.slice(-15).join('\n')}`,
        fix: error.fix,
      });
    throw error;
  }
  return tag;
}
