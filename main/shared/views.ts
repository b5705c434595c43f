// The shapes the UI operations exchange beyond plain scalars: a project scan, a verification
// report, a replay report, a synthetic sample's report, keys and settings. Responses are parsed
// with these schemas before they leave the engine (unknown fields are dropped, e.g. absolute
// paths the UI has no use for), so the UI can rely on every field it reads.
import { z } from 'zod';
import {
  dataPointerSchema,
  entrypointProposalSchema,
  environmentSchema,
  findingSchema,
  gitInfoSchema,
  hardwareSchema,
  manifestViewSchema,
  metricSchema,
  paramValueSchema,
} from './manifest';
import { verificationReportSchema } from './verification';

/** A per-metric tolerance given by the author; unset parts keep the default. */
export const toleranceOverrideSchema = z.object({
  metric: z.string().min(1),
  absolute: z.number().nonnegative().optional(),
  relative: z.number().nonnegative().optional(),
});
export type ToleranceOverride = z.infer<typeof toleranceOverrideSchema>;

export const secretFindingSchema = z.object({
  path: z.string(),
  rule: z.string(),
  severity: z.enum(['block', 'warn']),
  line: z.number().int().nullable(),
  description: z.string(),
});
export type SecretFinding = z.infer<typeof secretFindingSchema>;

const fileEntrySchema = z.object({ path: z.string(), size: z.number().nonnegative(), executable: z.boolean() });

export const scanSummarySchema = z.object({
  root: z.string(),
  name: z.string(),
  git: gitInfoSchema.nullable(),
  files: z.array(fileEntrySchema),
  excluded: z.array(z.object({ path: z.string(), reason: z.string() })),
  links: z.array(z.object({ path: z.string(), target: z.string(), outcome: z.string(), reason: z.string() })),
  secrets: z.array(secretFindingSchema),
  largeFiles: z.array(fileEntrySchema),
  dataPointers: z.array(dataPointerSchema),
  params: z.object({ files: z.array(z.string()), values: z.array(paramValueSchema) }),
  environment: environmentSchema,
  hardware: hardwareSchema.nullable(),
  entrypointProposals: z.array(entrypointProposalSchema),
  results: z.object({ files: z.array(z.string()), metrics: z.array(metricSchema) }),
  sampleCandidates: z.array(z.string()),
  findings: z.array(findingSchema),
  totals: z.object({ files: z.number(), bytes: z.number() }),
});
export type ScanSummary = z.infer<typeof scanSummarySchema>;

/** A verification report as the Open screen gets it: with the bundle's size. */
export const verificationSchema = verificationReportSchema.extend({ bytes: z.number().nonnegative() });
export type VerificationView = z.infer<typeof verificationSchema>;

const statsSchema = z.object({ mean: z.number(), std: z.number(), quantiles: z.array(z.number()) }).nullable();

/** How a column of a table is read and synthesised. */
export const columnTypeSchema = z.enum([
  'integer',
  'float',
  'boolean',
  'datetime',
  'categorical',
  'identifier',
  'text',
]);
export type ColumnType = z.infer<typeof columnTypeSchema>;

export const columnFidelitySchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  real: statsSchema,
  synthetic: statsSchema,
  /** KS statistic for numbers and datetimes, total-variation distance for categories; null for fakes. */
  distance: z.number().nullable(),
  measure: z.enum(['KS', 'TVD', 'none (format-preserving fake)']),
  missingRate: z.object({ real: z.number(), synthetic: z.number() }),
});
export type ColumnFidelity = z.infer<typeof columnFidelitySchema>;

export const fidelitySchema = z.object({
  columns: z.array(columnFidelitySchema),
  correlation: z.object({ maxDifference: z.number(), meanDifference: z.number(), pairs: z.number() }),
  privacy: z.object({
    exactCopies: z.number(),
    regenerated: z.number(),
    /** Median distance from a synthetic row to its closest real row, and between real rows. */
    closestRecord: z.object({ synthetic: z.number(), realToReal: z.number(), ratio: z.number().nullable() }),
    suppressedCategories: z.record(z.string(), z.number()),
  }),
  summary: z.string(),
});
export type FidelityReport = z.infer<typeof fidelitySchema>;

/**
 * A synthetic sample's report as `synth` writes it. The parts every front reads are checked; the
 * rest (the input's dialect, column profiles) is carried as written, so the report file is whole.
 */
export const synthReportSchema = z.looseObject({
  input: z.string(),
  output: z.string(),
  options: z.object({ rows: z.number(), seed: z.number(), k: z.number() }),
  realRows: z.number(),
  fidelity: fidelitySchema,
});

/** What `inspect` shows of a bundle without hashing its files. */
export const bundleSummarySchema = z.object({
  file: z.string(),
  bytes: z.number(),
  signature: z.object({
    valid: z.boolean(),
    reason: z.string().nullable(),
    fingerprint: z.string().nullable(),
    fingerprintDisplay: z.string().nullable(),
  }),
  /** True when the manifest below is the one that was signed. */
  manifestVerified: z.boolean(),
  manifest: manifestViewSchema.nullable(),
  problems: z.array(z.string()),
});
export type BundleSummary = z.infer<typeof bundleSummarySchema>;

export const keyInfoSchema = z.object({
  /** Folder the key lives in; what createBundle's `keyDir` takes. */
  dir: z.string(),
  /** The key's folder name under the keys folder (`default` for the one keygen makes). */
  id: z.string(),
  name: z.string(),
  fingerprint: z.string(),
  fingerprintDisplay: z.string(),
  encrypted: z.boolean(),
  publicKeyPem: z.string(),
  /** Its passphrase is remembered by the engine until it stops (listKeys only). */
  unlocked: z.boolean().optional(),
});
export type KeyInfo = z.infer<typeof keyInfoSchema>;

export const knownSignerSchema = z.object({
  name: z.string(),
  fingerprint: z.string(),
  fingerprintDisplay: z.string(),
  trusted: z.boolean(),
  firstSeen: z.string(),
});
export type KnownSignerView = z.infer<typeof knownSignerSchema>;

export { browseRootsSchema, settingsSchema, recentBundleSchema, type Settings, type RecentBundle } from './settings';
export type { DataPointer, Finding, HardwareInfo, ManifestView, Metric, ParamValue } from './manifest';
