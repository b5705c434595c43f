// The bundle signature: Ed25519 over a domain-separation prefix followed by the exact bytes of
// bundle.json, stored in bundle.sig together with the signer's public key, as two PEM blocks so
// that openssl reads the key directly and the signature decodes with base64 (docs/FORMAT.md).
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { rawPublicKeyOf } from './keys';

/** Prefixed to the manifest bytes before signing, so this signature can never be replayed as another kind. */
export const SIGNATURE_DOMAIN = 'ReproBundle manifest v1\n';
const SIGNATURE_LABEL = 'REPROBUNDLE ED25519 SIGNATURE';

export function signedMessage(manifestBytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(SIGNATURE_DOMAIN, 'utf8'), manifestBytes]);
}

export function signManifest(manifestBytes: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, signedMessage(manifestBytes), privateKey);
}

/** The content of bundle.sig. */
export function formatSignatureFile(publicKey: KeyObject, signature: Buffer): string {
  const body = signature.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `${publicKey.export({ format: 'pem', type: 'spki' }) as string}-----BEGIN ${SIGNATURE_LABEL}-----\n${body}-----END ${SIGNATURE_LABEL}-----\n`;
}

export interface ParsedSignature {
  publicKey: KeyObject;
  rawPublicKey: Buffer;
  signature: Buffer;
}

/** Parses bundle.sig; returns a reason instead when it is malformed. */
export function parseSignatureFile(text: string): ParsedSignature | string {
  const keyPem = /-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?/.exec(text)?.[0];
  const signatureBlock = new RegExp(
    `-----BEGIN ${SIGNATURE_LABEL}-----\\n([A-Za-z0-9+/=\\n]+)-----END ${SIGNATURE_LABEL}-----`,
  ).exec(text)?.[1];
  if (keyPem === undefined) return 'bundle.sig holds no public key';
  if (signatureBlock === undefined) return 'bundle.sig holds no signature';
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(keyPem);
  } catch {
    return 'the public key in bundle.sig cannot be read';
  }
  if (publicKey.asymmetricKeyType !== 'ed25519')
    return `bundle.sig holds a ${publicKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519`;
  const signature = Buffer.from(signatureBlock.replace(/\n/g, ''), 'base64');
  if (signature.length !== 64) return `the signature is ${signature.length} bytes; Ed25519 signatures are 64`;
  return { publicKey, rawPublicKey: rawPublicKeyOf(publicKey), signature };
}

export function verifyManifestSignature(manifestBytes: Buffer, parsed: ParsedSignature): boolean {
  return verify(null, signedMessage(manifestBytes), parsed.publicKey, parsed.signature);
}
