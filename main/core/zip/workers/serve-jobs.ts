// The message loop every worker of worker-pool.ts runs: one job per message, answered with the
// handler's result (its buffers transferred) or the error's text. Runs on a worker thread.
import { parentPort } from 'node:worker_threads';

export interface JobAnswer {
  result: unknown;
  transfer?: ArrayBuffer[];
}

export function serveJobs<P>(handle: (payload: P) => JobAnswer): void {
  const port = parentPort;
  if (port === null) throw new Error('a worker script must run on a worker thread');
  port.on('message', ({ id, payload }: { id: number; payload: P }) => {
    try {
      const { result, transfer } = handle(payload);
      port.postMessage({ id, result }, transfer ?? []);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
