// The engine host: where a process starts its one engine (core/engine.ts) and the handlers over
// it, and the only door the fronts use. The CLI, `serve` and the Electron main process each start
// one; they never build the engine or call the core themselves, and every call goes through
// `dispatch`, so every front validates requests and responses alike.
//
// Where the engine runs: here, in the host's process, today. Long work moves off the thread that
// answers requests (worker threads), and in the desktop app this host will run in a utility
// process, its `dispatch` carried over a MessagePort: the fronts already see only `call` and
// `dispatch`, so that move changes no front.
import path from 'node:path';
import type { CallOptions, OperationName, OperationRequest, OperationResponse } from '../contract/operations';
import { createEngine, type EngineOptions } from '../core/engine';
import { ensurePrivateFolder } from '../core/files/private-folder';
import { OperationFailure } from '../shared/operation-failure';
import { dispatch, type DispatchOptions, type DispatchResult } from './dispatch';
import type { FrontIntegration, Handlers } from './handler-types';
import { createHandlers } from './handlers';

export interface EngineHostOptions extends EngineOptions, FrontIntegration {}

export interface EngineHost {
  /** The handlers, for a transport that dispatches itself (the web server, tests). */
  readonly handlers: Handlers;
  /** Where the web mode keeps bundles dropped in a browser: created, or checked to be this user's alone. */
  uploadsDir(): Promise<string>;
  /** One call, validated both ways; a failure is thrown as an OperationFailure. */
  call<O extends OperationName>(
    name: O,
    request: OperationRequest<O>,
    options?: CallOptions,
  ): Promise<OperationResponse<O>>;
  /** One call from a transport: never throws, always an outcome. */
  dispatch(name: string, payload: unknown, options: DispatchOptions): Promise<DispatchResult>;
}

export function startEngineHost(options: EngineHostOptions = {}): EngineHost {
  const engine = createEngine(options);
  const handlers = createHandlers(engine, options);
  return {
    handlers,
    async uploadsDir() {
      await ensurePrivateFolder(engine.workRoot());
      const dir = path.join(engine.workRoot(), 'uploads');
      await ensurePrivateFolder(dir);
      return dir;
    },
    async call(name, request, callOptions = {}) {
      const outcome = await dispatch(handlers, name, request, {
        signal: callOptions.signal ?? new AbortController().signal,
        progress: callOptions.onProgress ?? (() => undefined),
      });
      if (!outcome.ok) throw new OperationFailure(outcome.error);
      return outcome.value as OperationResponse<typeof name>;
    },
    dispatch: (name, payload, dispatchOptions) => dispatch(handlers, name, payload, dispatchOptions),
  };
}
