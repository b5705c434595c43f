// Turns a key the user names to trust (for one check, or from now on) into a signer key: a public key PEM file
// (as `keygen` writes), a bundle (its signer's key), or a bare fingerprint.
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openBundle } from './open-bundle';
import { ReproError } from '../errors';
import { fingerprintOf } from '../signing/fingerprint';
import { rawPublicKeyOf } from '../signing/keys';

export interface TrustedKey {
  fingerprint: string;
  rawPublicKey: Buffer | null;
}

export async function resolveTrustedKey(value: string): Promise<TrustedKey> {
  const compact = value.replace(/[\s:]/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(compact)) return { fingerprint: compact, rawPublicKey: null };
  let text: Buffer;
  try {
    text = await readFile(value);
  } catch (error) {
    throw new ReproError({
      code: 'trust-key-unreadable',
      kind: 'usage',
      message: `The key to trust, ${value}, is not a fingerprint, and there is no such file.`,
      fix: "Give the signer's public key file (signing-key.pub.pem), a bundle they signed, or their 64-hex-digit fingerprint.",
      inputs: ['trustKey'],
      cause: error,
    });
  }
  if (text.includes('-----BEGIN PUBLIC KEY-----')) {
    const raw = rawPublicKeyOf(createPublicKey(text));
    return { fingerprint: fingerprintOf(raw), rawPublicKey: raw };
  }
  const opened = await openBundle(value);
  if (!('rejected' in opened)) await opened.reader.close();
  if ('rejected' in opened || opened.signature.rawPublicKey === null || !opened.signature.valid) {
    throw new ReproError({
      code: 'trust-key-invalid',
      kind: 'usage',
      message: `${value} is neither a public key file nor a bundle with a valid signature.`,
      fix: "Give the signer's public key file (signing-key.pub.pem) or their fingerprint.",
      inputs: ['trustKey'],
      file: value,
    });
  }
  return { fingerprint: opened.signature.fingerprint as string, rawPublicKey: opened.signature.rawPublicKey };
}
