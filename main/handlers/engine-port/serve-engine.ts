// The engine's side of the port protocol: starts one engine host in this thread or process and
// answers a front's calls over a port. The desktop's native integration (dialogs, the launch
// file, recent documents) stays with the front, so it is asked for over the same port.
import type { EngineOptions } from '../../core/engine';
import { STRAY_FAILURE_TAG } from '../../shared/error-text';
import { reportStrayFailures } from '../stray-failures';
import { startEngineHost } from '../engine-host';
import type { DesktopIntegration } from '../handler-types';
import { toEngineSchema, type FromEngine, type PortLike } from './protocol';

export interface ServeEngineOptions {
  engine?: EngineOptions;
  /** The front has a desktop integration to ask for (the Electron app). */
  desktop?: boolean;
  browseRoot?: string;
}

export function serveEngine(port: PortLike, options: ServeEngineOptions = {}): void {
  const send = (message: FromEngine): void => port.post(message);
  const waiting = new Map<string, { resolve: (value: string | null) => void; reject: (error: Error) => void }>();
  let asked = 0;
  const ask = (method: 'showDialog' | 'takeLaunchFile', args: (string | null)[]): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const id = `d${(asked += 1)}`;
      waiting.set(id, { resolve, reject });
      send({ type: 'desktop', id, method, args });
    });
  const desktop: DesktopIntegration = {
    showDialog: (purpose, defaultPath) => ask('showDialog', [purpose, defaultPath ?? null]),
    takeLaunchFile: () => ask('takeLaunchFile', []),
    bundleOpened: (file) => send({ type: 'desktop', id: `d${(asked += 1)}`, method: 'bundleOpened', args: [file] }),
  };
  const host = startEngineHost({
    ...options.engine,
    ...(options.desktop === true ? { desktop } : {}),
    ...(options.browseRoot === undefined ? {} : { browseRoot: options.browseRoot }),
  });

  const calls = new Map<string, AbortController>();
  port.listen((raw) => {
    const parsed = toEngineSchema.safeParse(raw);
    if (!parsed.success) {
      send({ type: 'stray', text: `${STRAY_FAILURE_TAG} the engine ignored a message outside its protocol` });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      calls.get(message.id)?.abort();
    } else if (message.type === 'desktop-answer') {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.value ?? null);
    } else if (calls.has(message.id)) {
      send({
        type: 'outcome',
        id: message.id,
        outcome: { ok: false, error: { code: 'invalid-request', message: `Call ${message.id} is already running.` } },
      });
    } else {
      const controller = new AbortController();
      calls.set(message.id, controller);
      // dispatch never throws: every failure is an outcome.
      void host
        .dispatch(message.operation, message.request, {
          signal: controller.signal,
          progress: (event) => send({ type: 'progress', id: message.id, event }),
        })
        .then((outcome) => {
          calls.delete(message.id);
          send({ type: 'outcome', id: message.id, outcome });
        });
    }
  });
  send({ type: 'ready', pid: process.pid });
}

/**
 * The engine process's last line of defence, as `serve` has its own: a failure that escaped its
 * operation is reported to the front with the stray tag (which logs it) and the engine keeps
 * answering everyone else.
 */
export function guardEngineProcess(port: PortLike): void {
  reportStrayFailures((text) => port.post({ type: 'stray', text } satisfies FromEngine));
}
