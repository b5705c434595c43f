// `lstat` of a run of a folder's files, as the project walk (scan/walk.ts) takes it: kinds, sizes
// and modes in typed arrays. Done here for a short run, on a worker (stat-batch.worker.ts) for a
// long one; what the two send each other: the paths as one NUL-joined string (no path holds a
// NUL), the answer's arrays transferred.
import { lstatSync } from 'node:fs';

export const STAT_KIND = { file: 0, link: 1, failed: 2 } as const;

export interface StatBatchPayload {
  paths: string;
}

export interface StatBatchAnswer {
  /** STAT_KIND per file: anything that is not a link is taken as a file, as the walk asked. */
  kinds: Uint8Array;
  sizes: Float64Array;
  modes: Uint32Array;
  /** Files whose `lstat` failed (gone since the folder was read, say), by index. */
  errors?: Record<number, { code?: string; message: string }>;
}

export function statFiles(absolute: readonly string[]): StatBatchAnswer {
  const answer: StatBatchAnswer = {
    kinds: new Uint8Array(absolute.length),
    sizes: new Float64Array(absolute.length),
    modes: new Uint32Array(absolute.length),
  };
  absolute.forEach((file, index) => {
    try {
      const info = lstatSync(file);
      answer.kinds[index] = info.isSymbolicLink() ? STAT_KIND.link : STAT_KIND.file;
      answer.sizes[index] = info.size;
      answer.modes[index] = info.mode;
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      answer.kinds[index] = STAT_KIND.failed;
      (answer.errors ??= {})[index] = { ...(code === undefined ? {} : { code }), message };
    }
  });
  return answer;
}
