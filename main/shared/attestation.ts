// What a replay attestation states: an in-toto Statement (v1) whose subject is the bundle file
// and whose predicate is the verdict, every metric comparison, the tolerances, the replay machine
// and the tool. Signing and checking it is the engine's job (core/submission/attestation.ts).
import { z } from 'zod';
import { hardwareSchema } from './manifest';
import { metricComparisonSchema, verdictSchema } from './replay-report';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://reprobundle.dev/attestation/replay/v1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const predicateSchema = z.object({
  verdict: verdictSchema,
  reason: z.string(),
  replayedAt: z.string(),
  bundle: z.object({
    project: z.string().nullable(),
    signer: z.object({ name: z.string(), fingerprint: z.string() }),
    /** Set when the replayed bundle is a review copy: links it to its camera-ready copy. */
    commitment: sha256Hex.nullable(),
    /**
     * The replayed copy's content (core/submission/copy-content.ts): a camera-ready copy inherits the
     * attestation only with the same content. Absent in attestations made before it was recorded.
     */
    content: sha256Hex.optional(),
  }),
  metrics: z.array(metricComparisonSchema),
  tolerances: z.array(z.object({ metric: z.string(), absolute: z.number(), relative: z.number() })),
  /** What the verdict does not certify (too-wide tolerances); absent in older attestations. */
  warnings: z.array(z.string()).optional(),
  replayHardware: hardwareSchema.nullable(),
  image: z.object({ baseImage: z.string(), imageId: z.string() }).nullable(),
  tool: z.object({ name: z.string(), version: z.string() }),
  attester: z.object({ name: z.string(), fingerprint: sha256Hex, publicKey: z.string() }),
});
export type ReplayPredicate = z.infer<typeof predicateSchema>;

export const statementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(z.object({ name: z.string(), digest: z.object({ sha256: sha256Hex }) })).min(1),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: predicateSchema,
});
export type Statement = z.infer<typeof statementSchema>;
