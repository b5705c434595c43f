// The engine side of the contract: one function per operation, built on main/core and grouped
// by the screen that uses them, over one engine context. Fronts reach them only through their
// engine host (engine-host.ts) and `dispatch`, which validates the untrusted payloads.
// A group's module is imported when one of its operations is first called (handler-groups.ts).
import type { OperationName } from '../contract/operations';
import type { EngineContext } from '../core/engine';
import { HANDLER_GROUPS, type GroupOperations, type HandlerGroupName } from './handler-groups';
import type { FrontIntegration, HandlerGroup, Handlers } from './handler-types';

export type { DesktopIntegration, FrontIntegration, HandlerContext, Handlers } from './handler-types';

type Loaders = {
  [G in HandlerGroupName]: (
    engine: EngineContext,
    integration: FrontIntegration,
  ) => Promise<HandlerGroup<GroupOperations<G>>>;
};

const loaders: Loaders = {
  app: async (engine, integration) => (await import('./app-handlers')).appHandlers(engine, integration),
  project: async (engine) => (await import('./project-handlers')).projectHandlers(engine),
  key: async (engine) => (await import('./key-handlers')).keyHandlers(engine),
  bundle: async (engine, integration) => (await import('./bundle-handlers')).bundleHandlers(engine, integration),
  replay: async (engine) => (await import('./replay-handlers')).replayHandlers(engine),
  evaluate: async (engine) => (await import('./evaluate-handlers')).evaluateHandlers(engine),
  submission: async (engine) => (await import('./submission-handlers')).submissionHandlers(engine),
};

type AnyHandler = (request: unknown, context: Parameters<Handlers[OperationName]>[1]) => Promise<unknown>;

export function createHandlers(engine: EngineContext, integration: FrontIntegration = {}): Handlers {
  const handlers: Partial<Record<OperationName, AnyHandler>> = {};
  for (const group of Object.keys(HANDLER_GROUPS) as HandlerGroupName[]) {
    // One group per host, made on first use and kept (some keep state between calls).
    let loaded: Promise<Partial<Record<OperationName, AnyHandler>>> | undefined;
    const load = (): Promise<Partial<Record<OperationName, AnyHandler>>> =>
      (loaded ??= loaders[group](engine, integration) as Promise<Partial<Record<OperationName, AnyHandler>>>);
    for (const operation of HANDLER_GROUPS[group])
      handlers[operation] = async (request, context) => {
        const handler = (await load())[operation] as AnyHandler;
        return handler(request, context);
      };
  }
  return handlers as Handlers;
}
