// Builds a bundle's image with dockerode from the extracted folder, streaming the log. The build
// fails on any `errorDetail` in the stream (dockerode's progress helper reports success even when
// the build failed) and on timeout. Images are tagged by the manifest's digest, so a second
// replay of the same bundle reuses the image.
import type Docker from 'dockerode';
import { CancelledError, ReproError } from '../errors';
import { errorMessage } from '../../shared/error-text';
import { buildStepKilled, engineStillThere, engineStopped } from './engine-alive';

export interface BuildResult {
  tag: string;
  imageId: string;
  cached: boolean;
  log: string[];
}

export class BuildFailedError extends ReproError {
  constructor(
    message: string,
    readonly log: readonly string[],
    fix = 'Read the build log: usually a dependency that cannot be installed, or a base image that cannot be pulled.',
  ) {
    super({ code: 'build-failed', message, fix });
    this.name = 'BuildFailedError';
  }
}

/** What a registry that cannot be reached, or an image it does not have, says to a pull. */
const PULL_FAILURE =
  /registry|no such host|dial tcp|i\/o timeout|TLS handshake|pull access denied|manifest unknown|repository does not exist|not found: manifest/i;

/**
 * The failure as the user should read it: a build that stopped at its first step (FROM) with a
 * registry error is a base image that is not on the engine and could not be pulled.
 */
function buildFailure(failure: string, log: readonly string[]): BuildFailedError {
  const lastStep = [...log].reverse().find((line) => /^Step \d+\/\d+ :/.test(line));
  const from = /^Step 1\/\d+ : FROM (\S+)/.exec(lastStep ?? '')?.[1];
  if (from !== undefined && PULL_FAILURE.test(failure))
    return new BuildFailedError(
      `The base image ${from} is not on this engine and could not be pulled (${failure}).`,
      log,
      'Pull or load the base image on this engine first (from a registry, or from a saved copy), or build from a base image the engine already has.',
    );
  return new BuildFailedError(`The image could not be built: ${failure}`, log);
}

export async function buildImage(
  docker: Docker,
  options: {
    contextDir: string;
    files: string[];
    tag: string;
    timeoutMs: number;
    /** Memory and CPU limits of each build step's container (the classic builder applies them). */
    limits?: { memoryBytes: number; cpus: number };
    /** The build's network: the engine's default bridge (to install packages) or none; never the host's. */
    network?: 'default' | 'none';
    /** `--build-arg` values (the author's stage a replay layer starts from). */
    buildArgs?: Record<string, string>;
    signal?: AbortSignal;
    onLog?: (line: string) => void;
  },
): Promise<BuildResult> {
  const existing = await docker
    .getImage(options.tag)
    .inspect()
    .catch(() => undefined);
  if (existing !== undefined) return { tag: options.tag, imageId: existing.Id, cached: true, log: [] };

  const log: string[] = [];
  const push = (text: string): void => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      log.push(line);
      options.onLog?.(line);
    }
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(
      { context: options.contextDir, src: options.files },
      {
        t: options.tag,
        rm: true,
        forcerm: true,
        networkmode: options.network ?? 'default',
        ...(options.buildArgs === undefined ? {} : { buildargs: options.buildArgs }),
        ...(options.limits === undefined
          ? {}
          : {
              memory: options.limits.memoryBytes,
              memswap: options.limits.memoryBytes, // no swap beyond the memory limit
              cpuperiod: 100_000,
              cpuquota: Math.round(options.limits.cpus * 100_000),
            }),
      },
    );
  } catch (error) {
    throw new BuildFailedError(`Docker refused to start the build: ${errorMessage(error)}`, log);
  }

  let imageId: string | undefined;
  let failure: string | undefined;
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      failure = `the build did not finish within ${Math.round(options.timeoutMs / 1000)} s`;
      (stream as unknown as { destroy: () => void }).destroy();
      resolve();
    }, options.timeoutMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      (stream as unknown as { destroy: () => void }).destroy();
      reject(new CancelledError('The image build'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line === '') continue;
        let message: {
          stream?: string;
          status?: string;
          error?: string;
          errorDetail?: { message?: string };
          aux?: { ID?: string };
        };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          push(line);
          continue;
        }
        if (message.stream !== undefined) push(message.stream);
        if (message.status !== undefined) push(message.status);
        if (message.aux?.ID !== undefined) imageId = message.aux.ID;
        // The one signal that the build failed; the stream still ends normally.
        if (message.errorDetail !== undefined || message.error !== undefined) {
          failure = message.errorDetail?.message ?? message.error ?? 'unknown build error';
          push(`ERROR: ${failure}`);
        }
      }
    });
    const finish = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error: Error) => {
      failure ??= `the build stream broke: ${error.message}`;
      finish();
    });
  });
  if (failure !== undefined) {
    // A step killed by a signal, or a broken stream, may be the engine going away: ask it first.
    if (!(await engineStillThere(docker, buildStepKilled(failure)))) throw engineStopped('build', undefined);
    throw buildFailure(failure, log);
  }
  const built = await docker
    .getImage(options.tag)
    .inspect()
    .catch(() => undefined);
  if (built === undefined) throw new BuildFailedError('The build ended without producing the image.', log);
  return { tag: options.tag, imageId: imageId ?? built.Id, cached: false, log };
}
