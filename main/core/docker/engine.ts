// Connection to the Docker engine. The endpoint follows Docker's own convention (DOCKER_HOST,
// else the platform's default socket) so ReproBundle talks to the engine the user's `docker`
// CLI talks to.
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

// dockerode is loaded when an engine is first connected: with ssh2, gRPC and protobufjs it is ~230
// modules, which every command loaded at start (~0.1 s and ~10 MB), even those that never
// reach an engine (verify, inspect, keygen).
const load = createRequire(import.meta.url);

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
  const DockerClient = load('dockerode') as typeof Docker;
  return new DockerClient(endpoint.options);
}
