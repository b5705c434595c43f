// What verifying a bundle finds: whether the archive, the signature and every file are sound,
// who signed it and how far that signer is trusted. Says nothing about trust when it says
// valid: a valid signature by an unknown key is never reported as trusted.
import { z } from 'zod';
import { manifestViewSchema, type Manifest } from './manifest';

export const trustStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('trusted'), since: z.string() }),
  z.object({ state: z.literal('known'), firstSeen: z.string() }),
  z.object({ state: z.literal('unknown') }),
  /** A signer with this name was seen before with other keys: possibly an impersonation. */
  z.object({ state: z.literal('key-changed'), previousFingerprints: z.array(z.string()) }),
]);
export type TrustState = z.infer<typeof trustStateSchema>;

export const signerViewSchema = z.object({ name: z.string(), fingerprint: z.string(), fingerprintDisplay: z.string() });
export type SignerView = z.infer<typeof signerViewSchema>;

export const verificationReportSchema = z.object({
  file: z.string(),
  /** Sound archive, valid signature, every file intact. Says nothing about trust. */
  valid: z.boolean(),
  /** Valid, and the signer is trusted (explicitly, or with a key trusted for this check). */
  trusted: z.boolean(),
  signature: z.object({
    valid: z.boolean(),
    reason: z.string().nullable(),
    signer: signerViewSchema.nullable(),
    trust: trustStateSchema.nullable(),
  }),
  problems: z.array(z.string()),
  checked: z.object({ files: z.number(), bytes: z.number() }),
  manifest: manifestViewSchema.nullable(),
});
/** The report as a front receives it: the manifest's view, its file list counted. */
export type VerificationReportView = z.infer<typeof verificationReportSchema>;
/** The report as the engine makes it: the whole loaded manifest, which replays use. */
export type VerificationReport = Omit<VerificationReportView, 'manifest'> & { manifest: Manifest | null };
