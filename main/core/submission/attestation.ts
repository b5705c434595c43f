// Signed reproduction attestations: after a replay, a reviewer signs an in-toto Statement (v1)
// in a DSSE envelope. Subject: the bundle file (name, SHA-256). Predicate: the verdict, every
// metric comparison, the tolerances, the replay machine and the tool. Verification checks the
// signature (Ed25519 over DSSE's pre-authentication encoding), that the subject is the given
// bundle, or that the bundle is the camera-ready copy whose revealed salt matches the
// commitment of the review copy the attestation was made on.
import { sign, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';
import { refuseExistingOutput } from '../files/output-target';
import { z } from 'zod';
import { APP_NAME, APP_VERSION } from '../app-info';
import type { Manifest } from '../../shared/manifest';
import { verifyBundle } from '../open/verify-bundle';
import { ReproError } from '../errors';
import { errorMessage } from '../../shared/error-text';
import { hashFile } from '../hash-file';
import { replayReportSchema, type ReplayReport } from '../../shared/replay-report';
import { fingerprintOf } from '../signing/fingerprint';
import { formatFingerprint } from '../../shared/format';
import { publicKeyFromRaw, type SigningKey } from '../signing/keys';
import type { TrustStore } from '../signing/trust-store';
import type { TrustState } from '../../shared/verification';
import { commitmentOf } from './commitment';
import { contentDigest } from './copy-content';
import {
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  statementSchema,
  type ReplayPredicate,
  type Statement,
} from '../../shared/attestation';

export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const envelopeSchema = z.object({
  payloadType: z.string(),
  payload: z.string(),
  signatures: z.array(z.object({ keyid: z.string(), sig: z.string() })).min(1),
});

/** DSSE's pre-authentication encoding: what is actually signed. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ReproError({
      code: 'file-unreadable',
      kind: 'usage',
      message: `${file} cannot be read: ${errorMessage(error)}`,
      fix: `Give the path of ${what}.`,
      file,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReproError({
      code: 'not-json',
      kind: 'usage',
      message: `${file} is not JSON: ${errorMessage(error)}`,
      fix: `Give ${what}.`,
      file,
    });
  }
}

export async function readReplayReport(file: string): Promise<ReplayReport> {
  const parsed = replayReportSchema.safeParse(await readJson(file, 'the report.json a replay wrote'));
  if (!parsed.success) {
    throw new ReproError({
      code: 'report-invalid',
      kind: 'usage',
      message: `${file} is not a replay report: ${z.prettifyError(parsed.error)}`,
      fix: 'Give the report.json a replay wrote (its path is shown at the end of the replay).',
      inputs: ['replayReport'],
      file,
    });
  }
  return parsed.data;
}

function tolerancesOf(manifest: Manifest): ReplayPredicate['tolerances'] {
  return manifest.results.metrics.flatMap((metric) =>
    metric.tolerance === null ? [] : [{ metric: `${metric.file}:${metric.name}`, ...metric.tolerance }],
  );
}

export interface AttestOptions {
  report: ReplayReport;
  key: SigningKey;
  output: string;
  /** Replace an existing file at `output` (default: refuse it). */
  replace?: boolean;
  /** The bundle the report is about; default the path the report names. */
  bundle?: string;
  /** Keep the replay machine's host name in the attestation (default: left out). */
  includeMachineIdentity?: boolean;
}

/** Why a statement's verdict is not what its own metric comparisons give, or undefined. */
export function contradiction(statement: Statement): string | undefined {
  const { verdict, metrics } = statement.predicate;
  const failing = metrics.filter((metric) => !metric.passed).length;
  if (verdict === 'REPRODUCED' && (metrics.length === 0 || failing > 0))
    return `it says REPRODUCED, but ${metrics.length === 0 ? 'it compares no metric' : `${failing} of its ${metrics.length} metrics did not pass`}`;
  if (verdict === 'MISMATCH' && failing === 0) return 'it says MISMATCH, but every one of its metrics passed';
  return undefined;
}

export async function attestReplay(options: AttestOptions): Promise<{ file: string; statement: Statement }> {
  const report = options.report;
  await refuseExistingOutput(path.resolve(options.output), options.replace ?? false);
  const bundle = path.resolve(options.bundle ?? report.file);
  const digest = await hashFile(bundle).catch((error: unknown) => {
    throw new ReproError({
      code: 'bundle-missing',
      kind: 'usage',
      message: `The replayed bundle ${bundle} cannot be read: ${errorMessage(error)}`,
      fix: 'Give the bundle that was replayed.',
      inputs: ['attestedBundle'],
      file: bundle,
    });
  });
  if (report.bundleSha256 !== null && report.bundleSha256 !== undefined && report.bundleSha256 !== digest.sha256) {
    throw new ReproError({
      code: 'bundle-changed',
      message: `${bundle} is not the file that was replayed (SHA-256 ${digest.sha256.slice(0, 16)}…, the report says ${report.bundleSha256.slice(0, 16)}…).`,
      fix: 'Attest the bundle that was replayed, or replay this one.',
      file: bundle,
    });
  }
  const verification = await verifyBundle(bundle);
  if (!verification.valid || verification.manifest === null) {
    throw new ReproError({
      code: 'bundle-invalid',
      message: `${bundle} does not verify: ${verification.problems[0] ?? verification.signature.reason ?? 'invalid signature'}.`,
      fix: 'Only a bundle that verifies can be attested.',
      file: bundle,
    });
  }
  const manifest = verification.manifest;
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [{ name: path.basename(bundle), digest: { sha256: digest.sha256 } }],
    predicateType: PREDICATE_TYPE,
    predicate: {
      verdict: report.verdict,
      reason: report.reason,
      replayedAt: report.finishedAt,
      bundle: {
        project: report.project?.name ?? manifest.project.name,
        signer: { name: manifest.signer.name, fingerprint: manifest.signer.fingerprint },
        commitment: manifest.submission?.kind === 'review' ? manifest.submission.commitment : null,
        content: contentDigest(manifest),
      },
      metrics: report.metrics,
      tolerances: tolerancesOf(manifest),
      warnings: report.warnings ?? [],
      // The machine's make and model matter to the result; its name on the network does not.
      replayHardware:
        report.machine === null || report.machine === undefined || options.includeMachineIdentity === true
          ? (report.machine ?? null)
          : { ...report.machine, os: { ...report.machine.os, hostname: '' } },
      image: report.image === null ? null : { baseImage: report.image.baseImage, imageId: report.image.imageId },
      tool: { name: APP_NAME, version: APP_VERSION },
      attester: {
        name: options.key.name,
        fingerprint: options.key.fingerprint,
        publicKey: options.key.rawPublicKey.toString('base64'),
      },
    },
  };
  const payload = Buffer.from(JSON.stringify(statementSchema.parse(statement)), 'utf8');
  const signature = sign(null, preAuthEncoding(PAYLOAD_TYPE, payload), options.key.privateKey);
  const envelope = {
    payloadType: PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: options.key.fingerprint, sig: signature.toString('base64') }],
  };
  const output = path.resolve(options.output);
  await writeFileAtomically(output, `${JSON.stringify(envelope, null, 2)}\n`, { replace: options.replace ?? false });
  return { file: output, statement };
}

export interface AttestationCheck {
  valid: boolean;
  problems: string[];
  /** How the attestation relates to the bundle given. */
  link: 'same-bundle' | 'review-copy' | null;
  statement: Statement | null;
  attester: { name: string; fingerprint: string; fingerprintDisplay: string; trust: TrustState | null } | null;
}

export async function verifyAttestation(
  file: string,
  bundle: string,
  options: { trustStore?: TrustStore } = {},
): Promise<AttestationCheck> {
  const problems: string[] = [];
  const fail = (
    problem: string,
    statement: Statement | null = null,
    attester: AttestationCheck['attester'] = null,
  ): AttestationCheck => ({ valid: false, problems: [...problems, problem], link: null, statement, attester });
  const envelope = envelopeSchema.safeParse(await readJson(file, 'an attestation written by ReproBundle'));
  if (!envelope.success) return fail(`not a DSSE envelope: ${z.prettifyError(envelope.error)}`);
  if (envelope.data.payloadType !== PAYLOAD_TYPE)
    return fail(`payload type is "${envelope.data.payloadType}", not ${PAYLOAD_TYPE}`);
  const payload = Buffer.from(envelope.data.payload, 'base64');
  let statement: Statement;
  try {
    const parsed = statementSchema.safeParse(JSON.parse(payload.toString('utf8')));
    if (!parsed.success) return fail(`not a ReproBundle replay statement: ${z.prettifyError(parsed.error)}`);
    statement = parsed.data;
  } catch (error) {
    return fail(`the payload is not JSON: ${errorMessage(error)}`);
  }
  const attesterRaw = Buffer.from(statement.predicate.attester.publicKey, 'base64');
  const fingerprint = fingerprintOf(attesterRaw);
  const attester = {
    name: statement.predicate.attester.name,
    fingerprint,
    fingerprintDisplay: formatFingerprint(fingerprint),
    trust: options.trustStore?.assess(statement.predicate.attester.name, fingerprint) ?? null,
  };
  if (fingerprint !== statement.predicate.attester.fingerprint)
    return fail("the attester's public key does not match its fingerprint", statement, attester);
  let key;
  try {
    key = publicKeyFromRaw(attesterRaw);
  } catch {
    return fail("the attester's public key is not an Ed25519 key", statement, attester);
  }
  const signed = envelope.data.signatures.some(
    (signature) =>
      signature.keyid === fingerprint &&
      verify(null, preAuthEncoding(envelope.data.payloadType, payload), key, Buffer.from(signature.sig, 'base64')),
  );
  if (!signed)
    return fail(
      'the signature does not verify: the attestation was altered, or signed by another key',
      statement,
      attester,
    );
  const contradicts = contradiction(statement);
  if (contradicts !== undefined) return fail(`the attestation contradicts itself: ${contradicts}`, statement, attester);

  const digest = (await hashFile(bundle)).sha256;
  if (statement.subject.some((subject) => subject.digest.sha256 === digest))
    return { valid: true, problems, link: 'same-bundle', statement, attester };

  // Not this file: it may be the camera-ready copy of the review copy that was replayed.
  const commitment = statement.predicate.bundle.commitment;
  if (commitment !== null) {
    const verification = await verifyBundle(bundle);
    const manifest = verification.manifest;
    const reveal =
      manifest?.submission?.kind === 'camera-ready'
        ? manifest.submission.reveals.find((entry) => entry.commitment === commitment)
        : undefined;
    if (
      verification.valid &&
      manifest !== null &&
      reveal !== undefined &&
      commitmentOf(reveal.salt, Buffer.from(manifest.signer.publicKey, 'base64')) === commitment
    ) {
      // The same author is not enough: the same content, file by file, is what was replayed.
      if (statement.predicate.bundle.content === contentDigest(manifest))
        return { valid: true, problems, link: 'review-copy', statement, attester };
      return fail(
        statement.predicate.bundle.content === undefined
          ? 'the attestation does not record the content it was made on, so it cannot be carried over to this copy'
          : "this camera-ready copy's content differs from the review copy that was replayed",
        statement,
        attester,
      );
    }
    if (!verification.valid)
      problems.push(`${bundle} does not verify: ${verification.problems[0] ?? 'invalid signature'}`);
  }
  return fail(
    `the attestation is about another bundle (SHA-256 ${statement.subject[0]?.digest.sha256.slice(0, 16) ?? '?'}…, this one is ${digest.slice(0, 16)}…)${commitment === null ? '' : ', and this bundle reveals no matching authorship commitment'}`,
    statement,
    attester,
  );
}
