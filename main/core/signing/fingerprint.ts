// A signer's fingerprint: the SHA-256 of the raw 32-byte Ed25519 public key, stored as hex (and
// shown in groups of four: main/shared/format.ts).
import { createHash } from 'node:crypto';

export function fingerprintOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex');
}
