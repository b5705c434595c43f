// The one path from a transport to a handler: checks that the operation exists, validates the
// request against the contract, runs the handler, validates its response, and turns any failure
// into the contract's error shape. Transports differ only in how they carry the messages.
import { z } from 'zod';
import { operations, type CallOutcome } from '../contract/operations';
import { isOperationName, type OperationName } from '../shared/operation-names';
import { type OperationError, type ProgressEvent } from '../shared/messages';
import { ReproError, systemFailure } from '../core/errors';
import { keepAlive } from '../core/progress';
import { errorMessage } from '../shared/error-text';
import type { Handlers } from './handlers';

export type DispatchResult = CallOutcome<unknown>;

export interface DispatchOptions {
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
}

/** What a transport needs of an engine, wherever it runs (this process, a utility process). */
export interface Dispatcher {
  dispatch(name: string, payload: unknown, options: DispatchOptions): Promise<DispatchResult>;
}

export async function dispatch(
  handlers: Handlers,
  name: string,
  payload: unknown,
  options: DispatchOptions,
): Promise<DispatchResult> {
  if (!isOperationName(name)) {
    return {
      ok: false,
      error: { code: 'unknown-operation', message: `There is no operation named "${name}".` },
    };
  }
  const request = operations[name].request.safeParse(payload);
  if (!request.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: `The request for "${name}" is not valid: ${z.prettifyError(request.error)}`,
      },
    };
  }
  // An operation that said what it is doing keeps saying it at least every second, even while
  // its work is silent (an image build sending its context, a run that prints nothing).
  const alive = keepAlive(options.progress);
  try {
    const value = await callHandler(handlers, name, request.data, {
      ...options,
      progress: alive.sink ?? options.progress,
    });
    const response = operations[name].response.safeParse(value);
    if (!response.success) {
      // A bug on our side, not the user's: say so plainly rather than send a malformed answer.
      return {
        ok: false,
        error: {
          code: 'invalid-response',
          message: `ReproBundle produced an invalid answer for "${name}": ${z.prettifyError(response.error)}`,
          fix: 'This is a bug in ReproBundle; please report it with this message.',
        },
      };
    }
    return { ok: true, value: response.data };
  } catch (error) {
    return { ok: false, error: toOperationError(error) };
  } finally {
    alive.stop();
  }
}

// The per-operation types cannot be correlated through a string key; the request was validated
// against this operation's own schema just above, so the call is sound.
function callHandler(
  handlers: Handlers,
  name: OperationName,
  request: unknown,
  options: DispatchOptions,
): Promise<unknown> {
  const handler = handlers[name] as (request: unknown, context: DispatchOptions) => Promise<unknown>;
  return handler(request, options);
}

export function toOperationError(thrown: unknown): OperationError {
  const error = systemFailure(thrown) ?? thrown;
  if (error instanceof ReproError) {
    return {
      code: error.code,
      message: error.message,
      kind: error.kind,
      ...(error.fix === undefined ? {} : { fix: error.fix }),
      ...(error.file === undefined ? {} : { file: error.file }),
      ...(error.inputs.length === 0 ? {} : { inputs: [...error.inputs] }),
    };
  }
  return { code: 'internal', message: `Unexpected error: ${errorMessage(error)}` };
}
