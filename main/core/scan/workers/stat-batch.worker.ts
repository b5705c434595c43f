// Worker thread of the project walk (scan/walk.ts): `lstat`s a run of a folder's files and
// answers with their kinds, sizes and modes (stat-files.ts), the arrays transferred.
import { serveJobs } from '../../zip/workers/serve-jobs';
import { statFiles, type StatBatchPayload } from './stat-files';

serveJobs(({ paths }: StatBatchPayload) => {
  const answer = statFiles(paths.split('\0'));
  return {
    result: answer,
    transfer: [answer.kinds.buffer, answer.sizes.buffer, answer.modes.buffer] as ArrayBuffer[],
  };
});
