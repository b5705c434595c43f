// The engine side of the contract: one function per operation, built on main/core and grouped
// by the screen that uses them, over one engine context. Fronts reach them only through their
// engine host (engine-host.ts) and `dispatch`, which validates the untrusted payloads.
import type { EngineContext } from '../core/engine';
import { appHandlers } from './app-handlers';
import { bundleHandlers } from './bundle-handlers';
import { evaluateHandlers } from './evaluate-handlers';
import type { FrontIntegration, Handlers } from './handler-types';
import { keyHandlers } from './key-handlers';
import { projectHandlers } from './project-handlers';
import { replayHandlers } from './replay-handlers';
import { submissionHandlers } from './submission-handlers';

export type { DesktopIntegration, FrontIntegration, HandlerContext, Handlers } from './handler-types';

export function createHandlers(engine: EngineContext, integration: FrontIntegration = {}): Handlers {
  return {
    ...appHandlers(engine, integration),
    ...projectHandlers(engine),
    ...keyHandlers(engine),
    ...bundleHandlers(engine, integration),
    ...replayHandlers(engine),
    ...evaluateHandlers(engine),
    ...submissionHandlers(engine),
  };
}
