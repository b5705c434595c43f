// Test prerequisites on the Docker side. A missing engine or base image fails the test with the
// fix; it is never a skip (real components: under CI=true a missing engine fails).
import type Docker from 'dockerode';
import { connectDocker, resolveDockerEndpoint } from '../../main/core/docker/engine';
import { OFFLINE_BASE_IMAGE } from '../../scripts/offline-base-image';

/** The offline base image scripts/setup-test-env.sh builds. */
export const BASE_IMAGE = OFFLINE_BASE_IMAGE;

const SETUP_HINT =
  "Run `bash scripts/setup-test-env.sh` as root or with sudo (installs and starts Docker, Podman's API and a one-node Slurm cluster; builds the base image).";

export async function requireDocker(): Promise<Docker> {
  const docker = connectDocker();
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`These tests need a running Docker engine and none answered (${String(error)}). ${SETUP_HINT}`, {
      cause: error,
    });
  }
  return docker;
}

export async function requireBaseImage(docker: Docker): Promise<string> {
  try {
    await docker.getImage(BASE_IMAGE).inspect();
  } catch {
    throw new Error(`These tests need the base image ${BASE_IMAGE}, which is missing. ${SETUP_HINT}`);
  }
  return BASE_IMAGE;
}

/** Podman's Docker-compatible API, as scripts/setup-test-env.sh serves it. */
export const PODMAN_SOCKET = process.env['REPROBUNDLE_PODMAN_SOCKET'] ?? '/run/reprobundle-podman.sock';

/** The DOCKER_HOST of the Podman engine, after checking it answers and has the base image. */
export async function requirePodman(): Promise<string> {
  const host = `unix://${PODMAN_SOCKET}`;
  const podman = connectDocker(resolveDockerEndpoint(host));
  try {
    await podman.ping();
  } catch (error) {
    throw new Error(
      `These tests need Podman's API on ${PODMAN_SOCKET} and it did not answer (${String(error)}). ${SETUP_HINT}`,
      {
        cause: error,
      },
    );
  }
  await requireBaseImage(podman);
  return host;
}

/** The one-node Slurm cluster scripts/setup-test-env.sh starts: fails with the fix when it does not answer. */
export async function requireSlurm(): Promise<void> {
  const { execFile } = await import('node:child_process');
  const answer = await new Promise<string>((resolve) =>
    execFile('sinfo', ['-h', '-o', '%T'], (error, stdout) => resolve(error === null ? stdout : '')),
  );
  if (!/idle|mixed|allocated/.test(answer))
    throw new Error(`These tests need a Slurm cluster with an available node and sinfo shows none. ${SETUP_HINT}`);
}

/** The image events the engine reported since `since` (seconds), as "<action> <image id>". */
export async function imageEvents(docker: Docker, since: number): Promise<string[]> {
  const stream = (await docker.getEvents({
    since,
    until: Math.ceil(Date.now() / 1000),
    filters: { type: ['image'] },
  })) as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const event = JSON.parse(line) as { Action: string; id: string };
      return `${event.Action} ${event.id}`;
    });
}
