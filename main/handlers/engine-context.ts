// What every handler group shares: the config folder, the user's settings, and the Docker
// engine they point at (reconnected when the settings change the host). Handlers that need an
// engine ask for a reachable one and get a clear error with the fix when there is none.
import type Docker from 'dockerode';
import { configDir } from '../core/config-dir';
import { connectDocker, resolveDockerEndpoint, type DockerEndpoint } from '../core/docker/engine';
import { probeDocker } from '../core/docker/docker-status';
import { ReproError } from '../core/errors';
import { loadSettings } from '../core/settings';
import type { Settings } from '../shared/settings';

export interface EngineContext {
  readonly env: NodeJS.ProcessEnv;
  configDir(): string;
  settings(): Promise<Settings>;
  /** The engine the settings (or DOCKER_HOST) point at; not contacted yet. */
  engine(): Promise<{ docker: Docker; endpoint: DockerEndpoint }>;
  /** An engine that answered just now, or a `docker-unreachable` error with the fix. */
  reachableEngine(): Promise<Docker>;
}

export function createEngineContext(options: {
  env: NodeJS.ProcessEnv;
  dockerEndpoint?: DockerEndpoint;
}): EngineContext {
  let connected: { host: string | null; docker: Docker; endpoint: DockerEndpoint } | undefined;
  const context: EngineContext = {
    env: options.env,
    configDir: () => configDir(options.env),
    settings: () => loadSettings(configDir(options.env)),
    async engine() {
      const host = (await context.settings()).dockerHost;
      if (connected === undefined || connected.host !== host) {
        // An endpoint given by the front (tests, another host) wins over the settings.
        const endpoint = options.dockerEndpoint ?? resolveDockerEndpoint(host ?? options.env['DOCKER_HOST']);
        connected = { host, docker: connectDocker(endpoint), endpoint };
      }
      return connected;
    },
    async reachableEngine() {
      const { docker, endpoint } = await context.engine();
      const status = await probeDocker(docker, endpoint);
      if (!status.reachable) {
        throw new ReproError({
          code: 'docker-unreachable',
          message: `No Docker engine answers at ${status.endpoint}: ${status.reason}`,
          fix: status.fix,
        });
      }
      return docker;
    },
  };
  return context;
}
