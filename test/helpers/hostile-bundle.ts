// Adversarial helper: turns a genuine bundle into the bundle an attacker would send, signed with
// the attacker's own throwaway key (so no trust setting is needed for it to verify). The manifest
// and the files may be changed freely; the file list, SHA256SUMS and the signature are made to
// match, so only ReproBundle's own checks can stop it.
import { createHash } from 'node:crypto';
import { ephemeralSigningKey, type SigningKey } from '../../main/core/signing/keys';
import { formatSignatureFile, signManifest } from '../../main/core/signing/signature';
import { CHECKSUMS_NAME, MANIFEST_NAME, SIGNATURE_NAME } from '../../main/shared/layout';
import { readAllEntries, writeEntries } from './rewrite-bundle';

export type Entries = Map<string, { data: Buffer; executable: boolean }>;
/** The manifest as JSON: hostile manifests need not follow the schema. */
export type LooseManifest = Record<string, unknown> & {
  files: { path: string; size: number; sha256: string; executable: boolean }[];
};

export async function hostileBundle(
  source: string,
  target: string,
  change: (manifest: LooseManifest, entries: Entries) => void,
  options: {
    signerName?: string;
    /** Edits the manifest's text after serialising, before signing (e.g. a key given twice). */
    editText?: (text: string) => string;
    /** Sign with this key instead of a throwaway one (an author forging a copy of their own). */
    key?: SigningKey;
  } = {},
): Promise<void> {
  const entries = await readAllEntries(source);
  const manifest = JSON.parse(
    (entries.get(MANIFEST_NAME)?.data ?? Buffer.from('{}')).toString('utf8'),
  ) as LooseManifest;
  entries.delete(MANIFEST_NAME);
  entries.delete(SIGNATURE_NAME);
  change(manifest, entries);
  entries.delete(CHECKSUMS_NAME);
  const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
  const listed = [...entries].map(([path, { data }]) => `${sha(data)}  ${path}\n`).join('');
  entries.set(CHECKSUMS_NAME, { data: Buffer.from(listed), executable: false });
  manifest.files = [...entries]
    .map(([path, { data, executable }]) => ({ path, size: data.length, sha256: sha(data), executable }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const key = options.key ?? ephemeralSigningKey(options.signerName ?? 'Mallory');
  manifest['signer'] = {
    name: key.name,
    fingerprint: key.fingerprint,
    publicKey: key.rawPublicKey.toString('base64'),
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestBytes = Buffer.from(options.editText === undefined ? text : options.editText(text), 'utf8');
  entries.set(MANIFEST_NAME, { data: manifestBytes, executable: false });
  const signature = formatSignatureFile(key.publicKey, signManifest(manifestBytes, key.privateKey));
  entries.set(SIGNATURE_NAME, { data: Buffer.from(signature, 'utf8'), executable: false });
  await writeEntries(target, entries);
}
