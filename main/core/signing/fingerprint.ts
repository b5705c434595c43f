// A signer's fingerprint: the SHA-256 of the raw 32-byte Ed25519 public key, stored as hex and
// shown in groups of four so a person can compare it over the phone.
import { createHash } from 'node:crypto';

export function fingerprintOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex');
}

export function formatFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}
