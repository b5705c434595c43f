// Turns a bridge (Electron preload or web client) into the API the UI programs against:
// failures become thrown OperationFailure, and an AbortSignal cancels the call.
import type {
  CallHandle,
  CallHooks,
  CallOptions,
  ReproBundleApi,
  ReproBundleBridge,
} from '../../../main/contract/operations';
import { OPERATION_NAMES } from '../../../main/shared/operation-names';
import { OperationFailure } from '../../../main/shared/operation-failure';

// Each operation's own types cannot be correlated through its name at run time.
type AnyBridgeCall = (request: unknown, hooks?: CallHooks) => CallHandle<unknown>;

export function createApi(bridge: ReproBundleBridge): ReproBundleApi {
  const api: Record<string, (request: unknown, options?: CallOptions) => Promise<unknown>> = {};
  for (const name of OPERATION_NAMES) {
    const bridgeCall = bridge[name] as AnyBridgeCall;
    api[name] = async (request, options = {}) => {
      if (options.signal?.aborted === true) {
        throw new OperationFailure({ code: 'cancelled', message: `Cancelled at your request (${name}).` });
      }
      const handle = bridgeCall(request, options.onProgress === undefined ? {} : { onProgress: options.onProgress });
      const cancel = (): void => handle.cancel();
      options.signal?.addEventListener('abort', cancel, { once: true });
      try {
        const outcome = await handle.outcome;
        if (!outcome.ok) throw new OperationFailure(outcome.error);
        return outcome.value;
      } finally {
        options.signal?.removeEventListener('abort', cancel);
      }
    };
  }
  return api as ReproBundleApi;
}
