// The schema of a replay's report (report.json): what `replay --json` prints, what the GUI
// shows, and what `attest` reads back from disk, so a report edited or truncated by hand is
// refused rather than attested.
import { z } from 'zod';
import { hardwareSchema } from '../bundle/manifest';

export const trustStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('trusted'), since: z.string() }),
  z.object({ state: z.literal('known'), firstSeen: z.string() }),
  z.object({ state: z.literal('unknown') }),
  z.object({ state: z.literal('key-changed'), previousFingerprints: z.array(z.string()) }),
]);
export type TrustStateView = z.infer<typeof trustStateSchema>;

export const signerViewSchema = z.object({ name: z.string(), fingerprint: z.string(), fingerprintDisplay: z.string() });

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const metricComparisonSchema = z.object({
  name: z.string(),
  file: z.string(),
  recorded: scalar,
  obtained: scalar.nullable(),
  difference: z.number().nullable(),
  allowed: z.number().nullable(),
  passed: z.boolean(),
  reason: z.string(),
});

export const verdictSchema = z.enum(['REPRODUCED', 'MISMATCH', 'FAILED', 'SMOKE-PASSED', 'SMOKE-FAILED']);

export const replayReportSchema = z.object({
  file: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  verdict: verdictSchema,
  reason: z.string(),
  verification: z.object({
    valid: z.boolean(),
    trusted: z.boolean(),
    problems: z.array(z.string()),
    signer: signerViewSchema.nullable(),
    trust: trustStateSchema.nullable(),
  }),
  project: z.object({ name: z.string(), commit: z.string().nullable(), command: z.string().nullable() }).nullable(),
  workDir: z.string().nullable(),
  data: z.array(z.object({ path: z.string(), source: z.string(), note: z.string() })),
  image: z
    .object({
      tag: z.string(),
      imageId: z.string(),
      cached: z.boolean(),
      baseImage: z.string(),
      baseImageOverridden: z.boolean(),
    })
    .nullable(),
  run: z
    .object({
      exitCode: z.number(),
      timedOut: z.boolean(),
      durationMs: z.number(),
      stdoutTail: z.string(),
      stderrTail: z.string(),
      gpu: z.string(),
      sandbox: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  metrics: z.array(metricComparisonSchema),
  hardware: z.array(
    z.object({
      aspect: z.string(),
      recorded: z.string(),
      current: z.string(),
      severity: z.enum(['may-change-results', 'informational']),
      note: z.string(),
    }),
  ),
  /** Absent in reports written before they were recorded. */
  machine: hardwareSchema.nullable().optional(),
  bundleSha256: z.string().nullable().optional(),
  buildLogTail: z.array(z.string()),
  timings: z.record(z.string(), z.number()),
});
export type ReplayReportView = z.infer<typeof replayReportSchema>;
