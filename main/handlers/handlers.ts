// The engine side of the contract: one function per operation, built on main/core. The two
// transports (Electron IPC, the web server) reach them only through `dispatch`, which validates
// the untrusted payloads; the CLI calls them directly with values it has already validated.
import type Docker from 'dockerode';
import type { OperationName, OperationRequest, OperationResponse, ProgressEvent } from '../contract/operations';
import { appInfo } from '../core/app-info';
import { connectDocker, resolveDockerEndpoint, type DockerEndpoint } from '../core/docker/engine';
import { probeDocker } from '../core/environment/docker-status';

/** What a handler gets besides its request: cancellation and a way to report progress. */
export interface HandlerContext {
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
}

export type Handlers = {
  readonly [O in OperationName]: (
    request: OperationRequest<O>,
    context: HandlerContext,
  ) => Promise<OperationResponse<O>>;
};

/** What the handlers depend on; tests and fronts pass their own (e.g. another Docker host). */
export interface HandlerDependencies {
  dockerEndpoint?: DockerEndpoint;
}

export function createHandlers(dependencies: HandlerDependencies = {}): Handlers {
  const endpoint = dependencies.dockerEndpoint ?? resolveDockerEndpoint();
  let docker: Docker | undefined;
  const engine = (): Docker => (docker ??= connectDocker(endpoint));

  return {
    appInfo: async () => appInfo(),
    environmentStatus: async () => ({
      docker: await probeDocker(engine(), endpoint),
      checkedAt: new Date().toISOString(),
    }),
  };
}
