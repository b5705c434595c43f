// The engine side of the contract: one function per operation, built on main/core and grouped
// by the screen that uses them. The two transports (Electron IPC, the web server) reach them
// only through `dispatch`, which validates the untrusted payloads.
import { appHandlers } from './app-handlers';
import { bundleHandlers } from './bundle-handlers';
import { createEngineContext } from './engine-context';
import type { HandlerDependencies, Handlers } from './handler-types';
import { keyHandlers } from './key-handlers';
import { projectHandlers } from './project-handlers';
import { replayHandlers } from './replay-handlers';
import { submissionHandlers } from './submission-handlers';

export type { DesktopIntegration, HandlerContext, HandlerDependencies, Handlers } from './handler-types';

export function createHandlers(dependencies: HandlerDependencies = {}): Handlers {
  const context = createEngineContext({
    env: dependencies.env ?? process.env,
    ...(dependencies.dockerEndpoint === undefined ? {} : { dockerEndpoint: dependencies.dockerEndpoint }),
  });
  return {
    ...appHandlers(context, dependencies),
    ...projectHandlers(context),
    ...keyHandlers(context),
    ...bundleHandlers(context, dependencies),
    ...replayHandlers(context),
    ...submissionHandlers(context),
  };
}
