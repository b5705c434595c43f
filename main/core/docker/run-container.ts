// Runs one command in a container with the sandbox of docs/security.md applied unconditionally:
// no network unless asked, read-only root with a tmpfs, every capability dropped,
// no-new-privileges, memory/CPU/pids limits, a non-root user, a timeout that kills, and
// removal afterwards whatever happened. Output is streamed to a listener and its tail kept.
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { DEFAULT_LIMITS, type ResourceLimits } from '../../shared/defaults';
import { CancelledError, ReproError } from '../errors';
import { engineStillThere, engineStopped } from './engine-alive';
import { folderSize } from '../files/folder-size';
import { errorMessage } from '../../shared/error-text';

export interface Mount {
  /** Absolute path on the host. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  readOnly: boolean;
}

/** `nobody:nogroup`: present in every Debian-based image, owns nothing. */
export const DEFAULT_USER = '65534:65534';

/** Label on every container ReproBundle creates, so leftovers can be found and removed. */
export const MANAGED_LABEL = 'org.reprobundle.managed';
/** Which process on which machine started it: `clean` removes those whose process is gone (kill -9). */
export const OWNER_PID_LABEL = 'org.reprobundle.pid';
export const OWNER_HOST_LABEL = 'org.reprobundle.host';

export interface ContainerRunOptions {
  image: string;
  /** Default: the image's own ENTRYPOINT. A replay always gives both, so no image decides what runs. */
  entrypoint?: string[];
  /** Default: the image's own CMD. */
  command?: string[];
  user?: string;
  workdir?: string;
  env?: Readonly<Record<string, string>>;
  mounts?: readonly Mount[];
  /** A mounted host folder the run may write at most this much into; over it the run is stopped. */
  outputsQuota?: { dir: string; maxBytes: number };
  /** Off by default: the container gets network `none`. */
  network?: boolean;
  limits?: ResourceLimits;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** How much of each stream's tail is kept in the result (the listener sees everything). */
  keepBytes?: number;
  /** Ask the engine for every NVIDIA GPU (only when it offers them). */
  gpus?: boolean;
  /** Sees the container as the engine describes it, after the run and before its removal. */
  onInspect?: (info: Docker.ContainerInspectInfo) => void;
}

export interface ContainerRunResult {
  exitCode: number;
  timedOut: boolean;
  /** Stopped because its writable folder grew past the quota. */
  overQuota: boolean;
  /** Killed by the kernel for using more memory than its limit (the engine's record, not a guess from 137). */
  oomKilled: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const DEFAULT_KEEP_BYTES = 1024 * 1024;
const QUOTA_CHECK_MS = 1000;

export async function runContainer(docker: Docker, options: ContainerRunOptions): Promise<ContainerRunResult> {
  for (const mount of options.mounts ?? []) checkMount(mount);
  if (options.signal?.aborted) throw new CancelledError('The container run');

  const limits = options.limits ?? DEFAULT_LIMITS;
  const container = await docker.createContainer({
    Image: options.image,
    ...(options.entrypoint === undefined ? {} : { Entrypoint: options.entrypoint }),
    ...(options.command === undefined ? {} : { Cmd: options.command }),
    User: options.user ?? DEFAULT_USER,
    WorkingDir: options.workdir ?? '',
    Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    Labels: { [MANAGED_LABEL]: 'true', [OWNER_PID_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: os.hostname() },
    Tty: false,
    AttachStdout: true,
    AttachStderr: true,
    NetworkDisabled: options.network !== true,
    HostConfig: {
      NetworkMode: options.network === true ? 'default' : 'none',
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=512m' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      ...(options.gpus === true ? { DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }] } : {}),
      Mounts: (options.mounts ?? []).map((mount) => ({
        Type: 'bind' as const,
        Source: mount.source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
      })),
    },
  });

  const started = Date.now();
  const keep = options.keepBytes ?? DEFAULT_KEEP_BYTES;
  const stdout = new TailBuffer(keep);
  const stderr = new TailBuffer(keep);
  let timedOut = false;
  let cancelled = false;
  const kill = (): void => {
    container.kill().catch(() => undefined); // already stopped: nothing to kill
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  // The host folder the run writes to may not grow past its quota: checked once a second.
  let overQuota = false;
  let measuring = false;
  const quota = options.outputsQuota;
  const watch =
    quota === undefined
      ? undefined
      : setInterval(() => {
          if (measuring) return;
          measuring = true;
          void folderSize(quota.dir, quota.maxBytes)
            .then((bytes) => {
              if (bytes > quota.maxBytes && !overQuota) {
                overQuota = true;
                kill();
              }
            })
            .finally(() => (measuring = false));
        }, QUOTA_CHECK_MS);
  const onAbort = (): void => {
    cancelled = true;
    kill();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const outputDone = collect(docker, stream, (which, text) => {
      (which === 'stdout' ? stdout : stderr).push(text);
      options.onOutput?.(which, text);
    });
    await container.start();
    // An engine that stops or restarts mid-run also ends the container (often with 137): ask it
    // whether it still answers before reading the exit status as the run's own.
    const waited = (await container.wait().catch(async (error: unknown) => {
      throw (await engineStillThere(docker, false)) ? error : engineStopped('run', error);
    })) as { StatusCode: number };
    await outputDone;
    const info = await container.inspect().catch(() => undefined);
    // Killed by a signal nobody here sent (not our timeout, quota or cancel, not the kernel's
    // OOM killer): the engine is asked over a few seconds before the status is taken as the run's.
    const signalDeath =
      waited.StatusCode >= 128 && !timedOut && !overQuota && !cancelled && info?.State.OOMKilled !== true;
    if (info === undefined || !(await engineStillThere(docker, signalDeath))) throw engineStopped('run', undefined);
    options.onInspect?.(info);
    if (cancelled) throw new CancelledError('The container run');
    if (quota !== undefined && !overQuota && (await folderSize(quota.dir, quota.maxBytes)) > quota.maxBytes)
      overQuota = true; // it grew past the quota between the last check and the end
    return {
      exitCode: waited.StatusCode,
      timedOut,
      overQuota,
      oomKilled: info.State.OOMKilled,
      stdout: stdout.text(),
      stderr: stderr.text(),
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
    if (watch !== undefined) clearInterval(watch);
    options.signal?.removeEventListener('abort', onAbort);
    await container.remove({ force: true }).catch(() => undefined); // removal is best effort; label finds leftovers
  }
}

/** Inputs are bind-mounted; the Docker socket never is (it would hand the container the host). */
function checkMount(mount: Mount): void {
  if (!path.isAbsolute(mount.source) || !path.posix.isAbsolute(mount.target)) {
    throw new ReproError({
      code: 'invalid-mount',
      message: `Mount paths must be absolute: ${mount.source} -> ${mount.target}.`,
      fix: 'Pass absolute paths for both the host folder and the container folder.',
    });
  }
  if (/docker\.sock$|docker_engine$/.test(mount.source)) {
    throw new ReproError({
      code: 'docker-socket-mount',
      message: `Refusing to mount the Docker socket (${mount.source}) into a container.`,
      fix: 'Bundles never get access to the Docker engine; remove this mount.',
      file: mount.source,
    });
  }
}

function collect(
  docker: Docker,
  stream: NodeJS.ReadWriteStream,
  onText: (which: 'stdout' | 'stderr', text: string) => void,
): Promise<void> {
  const out = new PassThrough();
  const err = new PassThrough();
  out.setEncoding('utf8').on('data', (text: string) => onText('stdout', text));
  err.setEncoding('utf8').on('data', (text: string) => onText('stderr', text));
  docker.modem.demuxStream(stream, out, err);
  return new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', (error: unknown) =>
      reject(
        new ReproError({
          code: 'container-output',
          message: `Reading container output failed: ${errorMessage(error)}`,
        }),
      ),
    );
  });
}

/** Keeps the last `limit` characters of a stream of text. */
class TailBuffer {
  private parts: string[] = [];
  private length = 0;
  private dropped = false;
  constructor(private readonly limit: number) {}

  push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    while (this.length > this.limit && this.parts.length > 1) {
      this.length -= this.parts.shift()?.length ?? 0;
      this.dropped = true;
    }
  }

  text(): string {
    const joined = this.parts.join('');
    if (!this.dropped && joined.length <= this.limit) return joined;
    return `[… earlier output dropped …]\n${joined.slice(-this.limit)}`;
  }
}
