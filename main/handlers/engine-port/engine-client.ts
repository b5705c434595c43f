// The front's side of the port protocol: a `dispatch` like the in-process host's, carried to an
// engine in another process (the desktop app's utility process) or thread. The engine is started
// on the first call and again on the next call after it stopped; a call in flight when it stops
// ends with a plain `engine-stopped` failure instead of waiting forever. The front keeps its
// desktop integration and answers the engine's requests for it.
import { operations } from '../../contract/operations';
import { errorMessage } from '../../shared/error-text';
import type { Dispatcher, DispatchOptions, DispatchResult } from '../dispatch';
import type { DesktopIntegration } from '../handler-types';
import { fromEngineSchema, type FromEngine, type PortLike, type ToEngine } from './protocol';

/** A started engine: its port, and how the front learns it ended or ends it. */
export interface EngineChannel extends PortLike {
  /** Called once when the engine's process or thread ends, with how it ended. */
  onExit(listener: (how: string) => void): void;
  stop(): void;
}

export interface RemoteEngineOptions {
  start: () => EngineChannel;
  desktop?: DesktopIntegration;
  /** A failure that escaped its operation inside the engine (already tagged). */
  onStray?: (text: string) => void;
}

export interface RemoteEngine extends Dispatcher {
  /** Stops the engine; calls in flight end as stopped. */
  close(): void;
}

interface Call {
  operation: string;
  options: DispatchOptions;
  settle: (outcome: DispatchResult) => void;
}

interface Running {
  channel: EngineChannel;
  calls: Map<string, Call>;
  /** Messages posted before the engine said it is ready. */
  outbox: ToEngine[] | null;
}

export function connectEngine(options: RemoteEngineOptions): RemoteEngine {
  let running: Running | null = null;
  let callCount = 0;

  const start = (): Running => {
    const channel = options.start();
    const current: Running = { channel, calls: new Map(), outbox: [] };
    channel.listen((raw) => {
      const parsed = fromEngineSchema.safeParse(raw);
      if (parsed.success) receive(current, parsed.data);
      else options.onStray?.(`the engine sent a message outside its protocol: ${errorMessage(parsed.error)}`);
    });
    channel.onExit((how) => {
      if (running === current) running = null;
      for (const call of current.calls.values()) call.settle(stopped(call.operation, how));
      current.calls.clear();
    });
    return current;
  };

  const receive = (current: Running, message: FromEngine): void => {
    switch (message.type) {
      case 'ready': {
        const queued = current.outbox ?? [];
        current.outbox = null;
        for (const item of queued) current.channel.post(item);
        return;
      }
      case 'progress':
        current.calls.get(message.id)?.options.progress(message.event);
        return;
      case 'outcome': {
        const call = current.calls.get(message.id);
        current.calls.delete(message.id);
        call?.settle(message.outcome);
        return;
      }
      case 'stray':
        options.onStray?.(message.text);
        return;
      case 'desktop':
        void answerDesktop(options.desktop, message).then(
          (value) => {
            if (message.method !== 'bundleOpened') send(current, { type: 'desktop-answer', id: message.id, value });
          },
          (error: unknown) => send(current, { type: 'desktop-answer', id: message.id, error: errorMessage(error) }),
        );
    }
  };

  return {
    dispatch(name, payload, dispatchOptions) {
      running ??= start();
      const current = running;
      const id = `c${(callCount += 1)}`;
      return new Promise<DispatchResult>((resolve) => {
        const onAbort = (): void => {
          if (current.calls.has(id)) send(current, { type: 'cancel', id });
        };
        current.calls.set(id, {
          operation: name,
          options: dispatchOptions,
          settle: (outcome) => {
            dispatchOptions.signal.removeEventListener('abort', onAbort);
            resolve(outcome);
          },
        });
        send(current, { type: 'call', id, operation: name, request: payload });
        if (dispatchOptions.signal.aborted) onAbort();
        else dispatchOptions.signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      running?.channel.stop();
    },
  };
}

function send(current: Running, message: ToEngine): void {
  if (current.outbox === null) current.channel.post(message);
  else current.outbox.push(message);
}

function stopped(operation: string, how: string): DispatchResult {
  return {
    ok: false,
    error: {
      code: 'engine-stopped',
      message: `ReproBundle's engine stopped (${how}) while "${operation}" was running; it starts again with the next operation.`,
      fix: 'Run the operation again. If the engine stops again, report it with what you were doing.',
    },
  };
}

/** Does what the engine asked of the desktop, checking the request as it would any other. */
async function answerDesktop(
  desktop: DesktopIntegration | undefined,
  message: Extract<FromEngine, { type: 'desktop' }>,
): Promise<string | null> {
  if (desktop === undefined) return null;
  const [first = null, second = null] = message.args;
  switch (message.method) {
    case 'takeLaunchFile':
      return desktop.takeLaunchFile();
    case 'bundleOpened':
      if (first !== null) desktop.bundleOpened(first);
      return null;
    case 'showDialog': {
      const request = operations.nativeDialog.request.parse({
        purpose: first,
        ...(second === null ? {} : { defaultPath: second }),
      });
      return desktop.showDialog(request.purpose, request.defaultPath);
    }
  }
}
