// Authorship commitments. A review copy is signed by a fresh key and carries
// SHA-256("ReproBundle authorship commitment v1\n" ‖ salt ‖ author's raw public key): it reveals
// nothing about the author, yet binds them. The salt stays with the author (config folder);
// their camera-ready copy reveals it, so anyone can check that both copies come from the same
// key, and an attestation made on the review copy holds for the camera-ready one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';
import { z } from 'zod';

const DOMAIN = 'ReproBundle authorship commitment v1\n';

export function commitmentOf(salt: string, rawPublicKey: Buffer): string {
  return createHash('sha256').update(DOMAIN).update(Buffer.from(salt, 'hex')).update(rawPublicKey).digest('hex');
}

export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

const recordSchema = z.object({
  commitment: z.string().regex(/^[0-9a-f]{64}$/),
  salt: z.string().regex(/^[0-9a-f]{64}$/),
  authorFingerprint: z.string(),
  /** SHA-256 of the bundle the review copy was made from: its camera-ready copy reveals the salt. */
  sourceSha256: z.string(),
  reviewFingerprint: z.string(),
  createdAt: z.string(),
});
export type CommitmentRecord = z.infer<typeof recordSchema>;

function folder(configDir: string): string {
  return path.join(configDir, 'commitments');
}

/** Keeps the salt (0600): without it the author cannot link the review copy to their name later. */
export async function saveCommitment(configDir: string, record: CommitmentRecord): Promise<string> {
  await mkdir(folder(configDir), { recursive: true, mode: 0o700 });
  const file = path.join(folder(configDir), `${record.commitment}.json`);
  await writeFileAtomically(file, `${JSON.stringify(recordSchema.parse(record), null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The commitments made for review copies of this bundle by this author. */
export async function commitmentsFor(
  configDir: string,
  sourceSha256: string,
  authorFingerprint: string,
): Promise<CommitmentRecord[]> {
  const names = await readdir(folder(configDir)).catch(() => [] as string[]);
  const records: CommitmentRecord[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
    const parsed = recordSchema.safeParse(
      JSON.parse(await readFile(path.join(folder(configDir), name), 'utf8').catch(() => '{}')),
    );
    if (
      parsed.success &&
      parsed.data.sourceSha256 === sourceSha256 &&
      parsed.data.authorFingerprint === authorFingerprint
    )
      records.push(parsed.data);
  }
  return records;
}
