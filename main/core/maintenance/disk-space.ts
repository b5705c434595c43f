// What replays leave behind, and removing it: each replay and pre-flight keeps its own folder
// under the work root (the unpacked bundle, the run's outputs, report.html/json), uploads keep
// the bundles sent from a browser, and every distinct bundle leaves a `reprobundle-replay:*`
// image. Nothing is removed unless asked; only what is older than the given age is, so a
// replay running now (its folder is fresh) and recent reports are kept.
import { readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXTRACTION_PREFIX } from '../open/extraction-cache';
import type Docker from 'dockerode';
import { REPLAY_IMAGE_REPOSITORY } from '../docker/replay-image';
import { errorMessage } from '../../shared/error-text';
import type { DiskUsage, LeftoverContainer, PruneResult, ReplayImage, WorkFolder } from '../../shared/disk-usage';
import { MANAGED_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL } from '../docker/run-container';
import { isProcessAlive } from '../process-alive';

const LIST_TIMEOUT_MS = 5_000;

async function sizeOf(target: string): Promise<{ bytes: number; modified: number }> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) return { bytes: 0, modified: 0 };
  if (!info.isDirectory()) return { bytes: info.size, modified: info.mtimeMs };
  let bytes = 0;
  let modified = info.mtimeMs;
  for (const entry of await readdir(target, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    const file = await stat(path.join(entry.parentPath, entry.name)).catch(() => undefined);
    bytes += file?.size ?? 0;
    modified = Math.max(modified, file?.mtimeMs ?? 0);
  }
  return { bytes, modified };
}

function kindOf(name: string): WorkFolder['kind'] {
  if (name.startsWith('replay-')) return 'replay';
  if (name.startsWith('preflight-')) return 'preflight';
  // A staging folder left by a replay killed while unpacking is an extraction too.
  if (name.startsWith(EXTRACTION_PREFIX) || name.startsWith('extracting-')) return 'extraction';
  if (name === 'uploads') return 'uploads';
  return 'other';
}

export async function diskUsage(workRoot: string, docker: Docker | undefined): Promise<DiskUsage> {
  const folders: WorkFolder[] = [];
  for (const name of (await readdir(workRoot).catch(() => [] as string[])).sort()) {
    const full = path.join(workRoot, name);
    const { bytes, modified } = await sizeOf(full);
    folders.push({ path: full, kind: kindOf(name), bytes, modifiedAt: new Date(modified).toISOString() });
  }
  let images: ReplayImage[] = [];
  let imagesUnavailable: string | null = null;
  if (docker === undefined) {
    imagesUnavailable = 'no Docker engine';
  } else {
    try {
      const listed = await Promise.race([
        docker.listImages({ filters: JSON.stringify({ reference: [`${REPLAY_IMAGE_REPOSITORY}:*`] }) }),
        // An engine that does not answer must not hang the screen asking.
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no answer within ${LIST_TIMEOUT_MS / 1000} s`)), LIST_TIMEOUT_MS).unref(),
        ),
      ]);
      images = listed.flatMap((image) =>
        (image.RepoTags ?? [])
          .filter((tag) => tag.startsWith(`${REPLAY_IMAGE_REPOSITORY}:`))
          .map((tag) => ({
            tag,
            id: image.Id,
            bytes: image.Size,
            createdAt: new Date(image.Created * 1000).toISOString(),
          })),
      );
    } catch (error) {
      imagesUnavailable = errorMessage(error);
    }
  }
  return { workRoot, folders, images, imagesUnavailable };
}

/**
 * Containers ReproBundle started on this machine whose process is gone: a replay killed with
 * `kill -9` cannot stop its own container, which would otherwise run on until its time limit.
 */
export async function leftoverContainers(docker: Docker): Promise<LeftoverContainer[]> {
  const listed = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${MANAGED_LABEL}=true`] }),
  });
  return listed
    .filter((container) => {
      const labels = container.Labels ?? {};
      if (labels[OWNER_HOST_LABEL] !== undefined && labels[OWNER_HOST_LABEL] !== os.hostname()) return false;
      const pid = Number(labels[OWNER_PID_LABEL]);
      return !Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid);
    })
    .map((container) => ({
      id: container.Id,
      name: (container.Names[0] ?? container.Id).replace(/^\//, ''),
      state: container.State,
    }));
}

export interface PruneOptions {
  workRoot: string;
  docker?: Docker;
  /** Remove only what is older than this (folders by their newest file, images by creation). */
  olderThanMs: number;
  images: boolean;
  dryRun?: boolean;
  now?: number;
}

export async function pruneDiskSpace(options: PruneOptions): Promise<PruneResult> {
  const now = options.now ?? Date.now();
  const usage = await diskUsage(options.workRoot, options.images ? options.docker : undefined);
  const old = (iso: string): boolean => now - Date.parse(iso) > options.olderThanMs;
  const result: PruneResult = { folders: [], images: [], containers: [], freedBytes: 0, problems: [] };
  if (options.docker !== undefined) {
    try {
      for (const container of await leftoverContainers(options.docker)) {
        if (options.dryRun !== true) await options.docker.getContainer(container.id).remove({ force: true });
        result.containers.push(container);
      }
    } catch (error) {
      result.problems.push(`leftover containers: ${errorMessage(error)}`);
    }
  }
  for (const folder of usage.folders.filter((entry) => entry.kind !== 'other' && old(entry.modifiedAt))) {
    try {
      if (options.dryRun !== true) await rm(folder.path, { recursive: true, force: true });
      result.folders.push(folder);
      result.freedBytes += folder.bytes;
    } catch (error) {
      result.problems.push(`${folder.path}: ${errorMessage(error)}`);
    }
  }
  if (options.images && options.docker !== undefined) {
    if (usage.imagesUnavailable !== null) result.problems.push(`replay images not listed: ${usage.imagesUnavailable}`);
    for (const image of usage.images.filter((entry) => old(entry.createdAt))) {
      try {
        // By tag: an image that also carries another tag is only untagged, never deleted under it.
        if (options.dryRun !== true) await options.docker.getImage(image.tag).remove();
        result.images.push(image);
      } catch (error) {
        result.problems.push(`${image.tag}: ${errorMessage(error)}`);
      }
    }
  }
  return result;
}
