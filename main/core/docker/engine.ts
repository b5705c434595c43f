// Connection to the Docker engine. The endpoint follows Docker's own convention (DOCKER_HOST,
// else the platform's default socket) so ReproBundle talks to the engine the user's `docker`
// CLI talks to.
import Module, { createRequire } from 'node:module';
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
  deferRarelyUsedParts();
  const DockerClient = load('dockerode') as typeof Docker;
  return new DockerClient(endpoint.options);
}

/**
 * Loading dockerode took ~95 ms, ~75 of them in two parts that its modules load at once but only
 * rare calls use: BuildKit sessions (`lib/session.js`: gRPC and protobufjs; only a build with
 * `version: '2'`, which this product never asks for) and the SSH transport (docker-modem's
 * `lib/ssh.js`: ssh2 and its WebAssembly ciphers; only an `ssh://` DOCKER_HOST). Each of the two
 * modules exports one function, so each is put in Node's module cache (`require.cache`, which
 * Node documents as writable) as a stand-in that loads the real module on its first call. That
 * saves the time on every command that connects an engine (create, replay, the app's engine).
 */
function deferRarelyUsedParts(): void {
  let dockerode: string;
  try {
    dockerode = load.resolve('dockerode');
  } catch {
    return; // dockerode itself is missing: loading it says so
  }
  const fromDockerode = createRequire(dockerode);
  const modem = fromDockerode.resolve('docker-modem');
  deferModule(fromDockerode, './session');
  deferModule(createRequire(modem), './ssh');
}

/** Puts a stand-in for the module `request` (which exports one function) in the module cache, if it is not loaded yet. */
function deferModule(from: NodeJS.Require, request: string): void {
  const file = from.resolve(request);
  if (from.cache[file] !== undefined) return;
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  let real: ((...args: unknown[]) => unknown) | undefined;
  standIn.exports = function (this: unknown, ...args: unknown[]): unknown {
    if (real === undefined) {
      Reflect.deleteProperty(from.cache, file); // so that the next line loads the real module
      real = from(request) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  from.cache[file] = standIn;
}
