// Answers "can this machine replay bundles?": whether a Docker engine answers at the
// configured endpoint, which version it runs, and, when it does not answer, why and what to do.
import type Docker from 'dockerode';
import { errorMessage } from '../../shared/error-text';
import type { DockerEndpoint } from './engine';
import type { DockerStatus } from '../../shared/environment';

/** A status probe must never hang the home screen: an engine that does not answer in time is unreachable. */
export const DOCKER_PROBE_TIMEOUT_MS = 5_000;

export async function probeDocker(
  docker: Docker,
  endpoint: DockerEndpoint,
  timeoutMs: number = DOCKER_PROBE_TIMEOUT_MS,
): Promise<DockerStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const version = await Promise.race([docker.version(), timeout]);
    return {
      reachable: true,
      endpoint: endpoint.description,
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
    };
  } catch (error) {
    return {
      reachable: false,
      endpoint: endpoint.description,
      reason: describeFailure(error),
      fix: fixFor(error, endpoint),
    };
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(error: unknown): string | undefined {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describeFailure(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'No Docker engine socket exists at this address.';
    case 'EACCES':
      return 'The Docker engine socket exists but this user may not open it.';
    case 'ECONNREFUSED':
      return 'Nothing is listening at this address.';
    default:
      return `The Docker engine did not answer: ${errorMessage(error)}.`;
  }
}

function fixFor(error: unknown, endpoint: DockerEndpoint): string {
  if (errorCode(error) === 'EACCES') {
    return 'Add your user to the "docker" group (then log in again), or run Docker in rootless mode.';
  }
  return (
    `Start Docker (Docker Desktop, or \`sudo systemctl start docker\` on Linux) so it answers at ${endpoint.description}, ` +
    'or set DOCKER_HOST to the address of a running engine.'
  );
}
