// Entry of the desktop app's engine process (an Electron utility process, out/main/engine-process.js):
// serves the engine over the parent port. The window's main process only relays calls to it.
import { guardEngineProcess, serveEngine } from '../handlers/engine-port/serve-engine';
import type { PortLike } from '../handlers/engine-port/protocol';
import { tuneHeap } from '../handlers/heap-tuning';

tuneHeap();

const parent = process.parentPort;
const port: PortLike = {
  post: (message) => parent.postMessage(message),
  listen: (listener) => parent.on('message', (event) => listener(event.data)),
};
guardEngineProcess(port);
serveEngine(port, { desktop: true });
