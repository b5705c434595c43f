// The engine host the tests start in a worker thread (standing in for Electron's utility process,
// which cannot run here) or in a forked Node process (so a test can kill it): the same
// serveEngine the desktop's engine process runs, over the port this thread or process has.
import { parentPort, workerData } from 'node:worker_threads';
import type { PortLike } from '../../../../main/handlers/engine-port/protocol';
import {
  guardEngineProcess,
  serveEngine,
  type ServeEngineOptions,
} from '../../../../main/handlers/engine-port/serve-engine';

function portOfThisProcess(): { port: PortLike; options: ServeEngineOptions } {
  if (parentPort !== null) {
    const thread = parentPort;
    return {
      port: { post: (message) => thread.postMessage(message), listen: (listener) => thread.on('message', listener) },
      options: workerData as ServeEngineOptions,
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('start this file as a worker thread or with child_process.fork');
  return {
    port: { post: (message) => send(message), listen: (listener) => process.on('message', listener) },
    options: JSON.parse(process.env.ENGINE_OPTIONS ?? '{}') as ServeEngineOptions,
  };
}

const { port, options } = portOfThisProcess();
guardEngineProcess(port);
serveEngine(port, options);
