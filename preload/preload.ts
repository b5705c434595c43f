// The preload script (sandboxed, context-isolated): exposes `window.reprobundle`, one function
// per contract operation, and `window.reprobundlePathForFile`, which tells the page where a
// dropped file lives (sandboxed pages no longer see File.path). The only place the renderer side touches
// ipcRenderer; raw IPC never reaches the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CallHandle, CallHooks, CallOutcome, OperationName, ReproBundleBridge } from '../main/contract/operations';
import type { ProgressEvent } from '../main/shared/messages';
import { OPERATION_NAMES } from '../main/shared/operation-names';
import { IPC_CHANNELS } from '../main/shared/wire';

const progressListeners = new Map<string, (event: ProgressEvent) => void>();
let nextCallId = 0;

ipcRenderer.on(IPC_CHANNELS.progress, (_event, message: { callId: string; event: ProgressEvent }) => {
  progressListeners.get(message.callId)?.(message.event);
});

function call(operation: OperationName, request: unknown, hooks: CallHooks | undefined): CallHandle<unknown> {
  const callId = String(nextCallId++);
  const onProgress = hooks?.onProgress;
  if (onProgress !== undefined) progressListeners.set(callId, onProgress);
  const outcome = (
    ipcRenderer.invoke(IPC_CHANNELS.invoke, { callId, operation, request }) as Promise<CallOutcome<unknown>>
  )
    .catch((error: unknown): CallOutcome<unknown> => ({
      ok: false,
      error: { code: 'ipc-failed', message: error instanceof Error ? error.message : String(error) },
    }))
    .finally(() => progressListeners.delete(callId));
  return { outcome, cancel: () => ipcRenderer.send(IPC_CHANNELS.cancel, callId) };
}

const bridge = Object.fromEntries(
  OPERATION_NAMES.map((name) => [name, (request: unknown, hooks?: CallHooks) => call(name, request, hooks)]),
) as unknown as ReproBundleBridge;

contextBridge.exposeInMainWorld('reprobundle', bridge);
contextBridge.exposeInMainWorld('reprobundlePathForFile', (file: File): string => webUtils.getPathForFile(file));
