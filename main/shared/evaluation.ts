// Batch evaluation (`reprobundle evaluate`): one row per bundle, as summary.csv, summary.json and
// summary.html give it and every front shows it.
import { z } from 'zod';

/** A replay's verdict, or REFUSED (tampered, or a trusted name with a changed key) or ERROR (the infrastructure failed; retried next time). */
export const evaluationVerdictSchema = z.enum([
  'REPRODUCED',
  'MISMATCH',
  'FAILED',
  'SMOKE-PASSED',
  'SMOKE-FAILED',
  'REFUSED',
  'ERROR',
]);

export const evaluationRowSchema = z.object({
  file: z.string(),
  bundleSha256: z.string().nullable(),
  project: z.string().nullable(),
  signer: z.string().nullable(),
  /** trusted, known, unknown or key-changed; null when the signature could not be read. */
  trust: z.string().nullable(),
  verdict: evaluationVerdictSchema,
  /** What ran: the image built from the recipe, or the author's frozen image; null when nothing ran (absent in older records). */
  image: z.enum(['built', 'frozen']).nullable().optional(),
  /** Metrics that did not match. */
  mismatching: z.array(z.string()),
  durationMs: z.number().nonnegative(),
  /** The first line of why it did not reproduce; null when it did. */
  firstError: z.string().nullable(),
  /** The replay's report files in the output folder. */
  report: z.object({ json: z.string(), html: z.string() }).nullable(),
  /** Taken from an earlier evaluation with the same bundle and options, not replayed again. */
  reused: z.boolean(),
});
export type EvaluationRow = z.infer<typeof evaluationRowSchema>;
