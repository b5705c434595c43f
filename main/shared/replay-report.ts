// The schema of a replay's report (report.json): what `replay --json` prints, what the GUI
// shows, and what `attest` reads back from disk, so a report edited or truncated by hand is
// refused rather than attested.
import { z } from 'zod';
import { hardwareSchema } from './manifest';
import { signerViewSchema, trustStateSchema } from './verification';

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

export type MetricComparison = z.infer<typeof metricComparisonSchema>;

export const verdictSchema = z.enum(['REPRODUCED', 'MISMATCH', 'FAILED', 'SMOKE-PASSED', 'SMOKE-FAILED']);
export type Verdict = z.infer<typeof verdictSchema>;

/** A difference between the recorded hardware and the replaying machine. */
export const hardwareDifferenceSchema = z.object({
  aspect: z.string(),
  recorded: z.string(),
  current: z.string(),
  severity: z.enum(['may-change-results', 'informational']),
  note: z.string(),
});
export type HardwareDifference = z.infer<typeof hardwareDifferenceSchema>;

/**
 * What the replay image's Python has, against the interpreter that ran the experiment (the
 * manifest's `environment.installed`): versions that differ, and distributions on one side only.
 */
export const packageDifferenceSchema = z.object({
  /** The author's interpreter version. */
  recordedPython: z.string(),
  changed: z.array(z.object({ name: z.string(), recorded: z.string(), current: z.string() })),
  /** In the image, not in the author's interpreter. */
  added: z.array(z.object({ name: z.string(), version: z.string() })),
  /** In the author's interpreter, not in the image. */
  removed: z.array(z.object({ name: z.string(), version: z.string() })),
});
export type PackageDifference = z.infer<typeof packageDifferenceSchema>;

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
  /** The bundle was unpacked for this replay, or a verified extraction of the same bytes was reused (absent in older reports). */
  extraction: z.enum(['fresh', 'reused']).optional(),
  data: z.array(z.object({ path: z.string(), source: z.string(), note: z.string() })),
  image: z
    .object({
      tag: z.string(),
      imageId: z.string(),
      cached: z.boolean(),
      baseImage: z.string(),
      baseImageOverridden: z.boolean(),
      /** Built from the recipe, or the author's frozen image loaded (absent in older reports: built). */
      source: z.enum(['built', 'frozen']).optional(),
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
  hardware: z.array(hardwareDifferenceSchema),
  /** Null when either side is unknown (no record in the bundle, no Python in the image); absent in older reports. */
  packages: packageDifferenceSchema.nullable().optional(),
  /** Absent in reports written before they were recorded. */
  machine: hardwareSchema.nullable().optional(),
  bundleSha256: z.string().nullable().optional(),
  buildLogTail: z.array(z.string()),
  /**
   * What the verdict does not certify, e.g. metrics whose tolerance is too wide to mean anything
   * (absent in reports written before they were recorded).
   */
  warnings: z.array(z.string()).optional(),
  timings: z.record(z.string(), z.number()),
});
export type ReplayReport = z.infer<typeof replayReportSchema>;
