// A worker for the pool's own tests: sums the bytes it is sent and says which thread it ran on,
// fails when asked to, or keeps its thread busy for `busyMs` (a long synchronous job).
import { threadId } from 'node:worker_threads';
import { serveJobs } from '../../../../../main/core/zip/workers/serve-jobs';

serveJobs(({ buffer, fail, busyMs }: { buffer?: ArrayBuffer; fail?: boolean; busyMs?: number }) => {
  if (fail === true) throw new Error('bad input');
  if (busyMs !== undefined) {
    const until = Date.now() + busyMs;
    while (Date.now() < until); // synchronous on purpose: the thread cannot be asked anything
    return { result: 'done' };
  }
  if (buffer === undefined) return { result: 'ok' };
  return { result: { sum: new Uint8Array(buffer).reduce((sum, byte) => sum + byte, 0), thread: threadId } };
});
