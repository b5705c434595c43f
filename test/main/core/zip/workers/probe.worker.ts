// A worker for the pool's own tests: sums the bytes it is sent and says which thread it ran on,
// or fails when asked to.
import { threadId } from 'node:worker_threads';
import { serveJobs } from '../../../../../main/core/zip/workers/serve-jobs';

serveJobs(({ buffer, fail }: { buffer?: ArrayBuffer; fail?: boolean }) => {
  if (fail === true) throw new Error('bad input');
  if (buffer === undefined) return { result: 'ok' };
  return { result: { sum: new Uint8Array(buffer).reduce((sum, byte) => sum + byte, 0), thread: threadId } };
});
