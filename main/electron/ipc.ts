// The only place the main process touches ipcMain: registers the contract's single invoke
// channel (plus cancel), validates every sender, and routes calls through `dispatch`, sending
// progress back to the calling frame only.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { IPC_CHANNELS } from '../shared/wire';
import type { Dispatcher, DispatchResult } from '../handlers/dispatch';
import { isTrustedFrame } from './sender';

const invokeMessageSchema = z.object({
  callId: z.string().min(1).max(100),
  operation: z.string().min(1).max(100),
  request: z.unknown(),
});

export function registerContract(host: Dispatcher, rendererBase: string): void {
  const inFlight = new Map<string, AbortController>();

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return frame !== null && isTrustedFrame(frame.url, frame.parent === null, rendererBase);
  };

  ipcMain.handle(IPC_CHANNELS.invoke, async (event, raw: unknown): Promise<DispatchResult> => {
    if (!trusted(event)) {
      return {
        ok: false,
        error: { code: 'untrusted-sender', message: 'This window may not call ReproBundle operations.' },
      };
    }
    const message = invokeMessageSchema.safeParse(raw);
    if (!message.success) {
      return { ok: false, error: { code: 'invalid-request', message: z.prettifyError(message.error) } };
    }
    const { callId, operation, request } = message.data;
    const key = `${event.sender.id}:${callId}`;
    const controller = new AbortController();
    inFlight.set(key, controller);
    try {
      return await host.dispatch(operation, request, {
        signal: controller.signal,
        progress: (progress) => {
          if (!event.sender.isDestroyed()) event.sender.send(IPC_CHANNELS.progress, { callId, event: progress });
        },
      });
    } finally {
      inFlight.delete(key);
    }
  });

  ipcMain.on(IPC_CHANNELS.cancel, (event, callId: unknown) => {
    if (!trusted(event) || typeof callId !== 'string') return;
    inFlight.get(`${event.sender.id}:${callId}`)?.abort();
  });
}
