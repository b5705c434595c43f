// The engine's context, built once per process by its host (main/handlers/engine-host.ts) and
// shared by every operation of every front: where the user's state lives (config folder, work
// folder, data cache), the user's settings, the Docker engine they point at (settings first,
// then DOCKER_HOST; reconnected when the settings change the host), the signing keys and the
// trusted signers. Operations that need an engine ask for a reachable one and get a clear error
// when there is none.
import type Docker from 'dockerode';
import type { Settings } from '../shared/settings';
import { configDir, dataCacheDir, replayWorkRoot } from './config-dir';
import { probeDocker } from './docker/docker-status';
import { connectDocker, resolveDockerEndpoint, type DockerEndpoint } from './docker/engine';
import { ReproError } from './errors';
import { loadSettings } from './settings';
import { TrustStore } from './signing/trust-store';
import type { SigningKey } from './signing/keys';

export interface EngineOptions {
  /** Environment the folders and DOCKER_HOST are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Overrides the settings and DOCKER_HOST (tests, a host that knows better). */
  dockerEndpoint?: DockerEndpoint;
}

export interface EngineContext {
  readonly env: NodeJS.ProcessEnv;
  configDir(): string;
  /** Where replays, pre-flights, exports and uploads get their own fresh folders. */
  workRoot(): string;
  /** Downloaded data, kept by SHA-256 between replays. */
  cacheDir(): string;
  settings(): Promise<Settings>;
  /** The signers the user knows, read afresh (another process may have changed them). */
  trustStore(): Promise<TrustStore>;
  /** The engine the settings (or DOCKER_HOST) point at; not contacted yet. */
  engine(): Promise<{ docker: Docker; endpoint: DockerEndpoint }>;
  /** An engine that answered just now, or a `docker-unreachable` error with the fix. */
  reachableEngine(): Promise<Docker>;
  /**
   * Stored keys unlocked with their passphrase, by id, kept for this process's lifetime when the
   * user asked ("remember until I quit"): only ever in this process's memory.
   */
  readonly unlockedKeys: Map<string, SigningKey>;
}

export function createEngine(options: EngineOptions = {}): EngineContext {
  const env = options.env ?? process.env;
  let connected: { host: string | null; docker: Docker; endpoint: DockerEndpoint } | undefined;
  const context: EngineContext = {
    env,
    unlockedKeys: new Map(),
    configDir: () => configDir(env),
    workRoot: () => replayWorkRoot(env),
    cacheDir: () => dataCacheDir(env),
    settings: () => loadSettings(configDir(env)),
    trustStore: () => TrustStore.load(configDir(env)),
    async engine() {
      const host = (await context.settings()).dockerHost;
      if (connected === undefined || connected.host !== host) {
        // An endpoint given by the host (tests, another machine) wins over the settings.
        const endpoint = options.dockerEndpoint ?? resolveDockerEndpoint(host ?? env['DOCKER_HOST']);
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
          inputs: ['dockerHost'],
        });
      }
      return docker;
    },
  };
  return context;
}
