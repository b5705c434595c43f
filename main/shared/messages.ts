// What every operation call carries besides its own request and response: the progress events
// of long work, and a failure as the UI receives it (what went wrong, where, how to fix it).
import { z } from 'zod';
import { INPUT_NAMES } from './inputs';

/** A failure as the UI receives it: what went wrong, where, and how to fix it. */
export const operationErrorSchema = z.object({
  /** Stable machine-readable code, e.g. `docker-unreachable`, `invalid-request`. */
  code: z.string(),
  message: z.string(),
  /** What the user can do about it, in words a researcher understands. */
  fix: z.string().optional(),
  /** The file the problem is about, when there is one. */
  file: z.string().optional(),
  /**
   * 'usage': the operation could not run as asked (a bad option, a missing or unreadable file), as
   * opposed to running and finding a problem. The CLI exits 2 for these.
   */
  kind: z.enum(['usage', 'problem']).optional(),
  /** The inputs the fix is about; each front names them in its own words. */
  inputs: z.array(z.enum(INPUT_NAMES)).optional(),
});
export type OperationError = z.infer<typeof operationErrorSchema>;

/** Progress of a long operation: the phase it is in and how far along it is. */
export const progressEventSchema = z.object({
  phase: z.string(),
  message: z.string().optional(),
  /** Units done and total in this phase (files, bytes, steps); total absent when unknown. */
  done: z.number().nonnegative().optional(),
  total: z.number().nonnegative().optional(),
  unit: z.enum(['files', 'bytes', 'steps']).optional(),
  /** A line of a build or run log, streamed as it is written (never throttled away). */
  log: z.object({ source: z.enum(['build', 'run']), line: z.string() }).optional(),
});
export type ProgressEvent = z.infer<typeof progressEventSchema>;
