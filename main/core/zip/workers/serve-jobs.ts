// The message loop every worker of worker-pool.ts runs: one job per message, answered with the
// handler's result (its buffers transferred) or the error's text. Runs on a worker thread. A
// `stop` message (sent after the jobs before it, so after the one running) ends the thread
// cleanly: the pool never terminates a thread mid-job (see WorkerPool.close).
import { parentPort } from 'node:worker_threads';

export interface JobAnswer {
  result: unknown;
  transfer?: ArrayBuffer[];
}

export function serveJobs<P>(handle: (payload: P) => JobAnswer): void {
  const port = parentPort;
  if (port === null) throw new Error('a worker script must run on a worker thread');
  port.on('message', ({ id, payload, stop }: { id: number; payload: P; stop?: true }) => {
    if (stop === true) {
      port.close(); // nothing else keeps the thread's event loop alive, so it exits with code 0
      return;
    }
    try {
      const { result, transfer } = handle(payload);
      port.postMessage({ id, result }, transfer ?? []);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
