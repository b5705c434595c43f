// The signers a user knows. Trust on first use: a signer seen for the first time is remembered
// (never reported as trusted), later bundles by the same key are "known", only keys the user
// trusted explicitly are "trusted", and a known name arriving with another key is flagged loudly.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';
import { z } from 'zod';
import { ReproError } from '../errors';
import { errorMessage } from '../../shared/error-text';
import type { TrustState } from '../../shared/verification';

const signerSchema = z.object({
  name: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** Raw public key, base64. */
  publicKey: z.string(),
  trusted: z.boolean(),
  firstSeen: z.string(),
});
const storeSchema = z.object({ version: z.literal(1), signers: z.array(signerSchema) });

export type KnownSigner = z.infer<typeof signerSchema>;

export const TRUST_FILE = 'trusted-signers.json';

/** Why a signer is trusted when the user named its key for one check only. */
export const TRUSTED_FOR_THIS_CHECK = 'named as trusted for this check';
/** Why a bundle signed with one of the user's own keys is trusted. */
export const YOUR_OWN_KEY = 'your own key, in your keys folder';

export class TrustStore {
  private constructor(
    private readonly file: string,
    private signers: KnownSigner[],
  ) {}

  static async load(dir: string): Promise<TrustStore> {
    const file = path.join(dir, TRUST_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return new TrustStore(file, []);
    }
    try {
      return new TrustStore(file, storeSchema.parse(JSON.parse(text)).signers);
    } catch (error) {
      throw new ReproError({
        code: 'trust-store-invalid',
        message: `The trusted-signers file ${file} cannot be read: ${errorMessage(error)}.`,
        fix: 'Fix or remove the file (removing it forgets every signer you trusted).',
        file,
        cause: error,
      });
    }
  }

  list(): readonly KnownSigner[] {
    return this.signers;
  }

  assess(name: string, fingerprint: string, extraTrusted: readonly string[] = []): TrustState {
    const byKey = this.signers.find((signer) => signer.fingerprint === fingerprint);
    if (extraTrusted.includes(fingerprint)) return { state: 'trusted', since: TRUSTED_FOR_THIS_CHECK };
    if (byKey?.trusted === true) return { state: 'trusted', since: byKey.firstSeen };
    const sameName = this.signers.filter((signer) => signer.name === name && signer.fingerprint !== fingerprint);
    if (sameName.length > 0)
      return { state: 'key-changed', previousFingerprints: sameName.map((signer) => signer.fingerprint) };
    if (byKey !== undefined) return { state: 'known', firstSeen: byKey.firstSeen };
    return { state: 'unknown' };
  }

  /** Remembers a signer seen with a valid signature (trust on first use); returns whether the store changed. */
  remember(name: string, fingerprint: string, rawPublicKey: Buffer, trusted: boolean, now = new Date()): boolean {
    const existing = this.signers.find((signer) => signer.fingerprint === fingerprint);
    if (existing !== undefined) {
      // Trusting is the user's own statement: the name they give it is the one kept.
      if (!trusted || (existing.trusted && existing.name === name)) return false;
      existing.trusted = true;
      existing.name = name;
      return true;
    }
    this.signers.push({
      name,
      fingerprint,
      publicKey: rawPublicKey.toString('base64'),
      trusted,
      firstSeen: now.toISOString(),
    });
    return true;
  }

  async save(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.file, `${JSON.stringify({ version: 1, signers: this.signers }, null, 2)}\n`);
  }
}
