// Starts the engine in an Electron utility process (out/main/engine-process.js) and gives the
// main process a channel to it, so hashing, inflating and parsing never block the window's IPC.
// A utility process, not ELECTRON_RUN_AS_NODE: the security fuses turn that off.
import { utilityProcess } from 'electron';
import type { EngineChannel } from '../handlers/engine-port/engine-client';

export function startUtilityEngine(entry: string): EngineChannel {
  const child = utilityProcess.fork(entry, [], { serviceName: 'ReproBundle engine', stdio: 'inherit' });
  return {
    post: (message) => child.postMessage(message),
    listen: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(`exit code ${code}`)),
    stop: () => {
      child.kill();
    },
  };
}
