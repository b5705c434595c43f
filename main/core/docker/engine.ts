// Connection to the Docker engine. The endpoint follows Docker's own convention (DOCKER_HOST,
// else the platform's default socket) so ReproBundle talks to the engine the user's `docker`
// CLI talks to.
import Docker from 'dockerode';

export interface DockerEndpoint {
  /** Human-readable address, e.g. `unix:///var/run/docker.sock`. */
  readonly description: string;
  readonly options: Docker.DockerOptions;
}

const DEFAULT_SOCKET = process.platform === 'win32' ? '//./pipe/docker_engine' : '/var/run/docker.sock';

/** Resolves the endpoint from an explicit host, else DOCKER_HOST, else the default socket. */
export function resolveDockerEndpoint(host: string | undefined = process.env['DOCKER_HOST']): DockerEndpoint {
  if (host === undefined || host === '') {
    return {
      description: process.platform === 'win32' ? `npipe://${DEFAULT_SOCKET}` : `unix://${DEFAULT_SOCKET}`,
      options: { socketPath: DEFAULT_SOCKET },
    };
  }
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    return { description: host, options: { socketPath } };
  }
  if (host.startsWith('npipe://')) {
    return { description: host, options: { socketPath: host.slice('npipe://'.length) } };
  }
  const url = new URL(host.replace(/^tcp:\/\//, 'http://'));
  return {
    description: host,
    options: {
      protocol: url.protocol === 'https:' ? 'https' : 'http',
      host: url.hostname,
      port: url.port === '' ? 2375 : Number(url.port),
    },
  };
}

export function connectDocker(endpoint: DockerEndpoint = resolveDockerEndpoint()): Docker {
  return new Docker(endpoint.options);
}
