// Adversarial helper: turns a genuine bundle into the bundle an attacker would send, signed with
// the attacker's own throwaway key (so no trust setting is needed for it to verify). The manifest
// and the files may be changed freely; the file list, SHA256SUMS and the signature are made to
// match (in either format version), so only ReproBundle's own checks can stop it.
import { createHash } from 'node:crypto';
import { ephemeralSigningKey, type SigningKey } from '../../main/core/signing/keys';
import { formatSignatureFile, signManifest } from '../../main/core/signing/signature';
import { fileListLine } from '../../main/core/open/file-list';
import { CHECKSUMS_NAME, FILE_LIST_NAME, MANIFEST_NAME, SIGNATURE_NAME } from '../../main/shared/layout';
import { readAllEntries, writeEntries } from './rewrite-bundle';

export type Entries = Map<string, { data: Buffer; executable: boolean }>;
/** The manifest as JSON: hostile manifests need not follow the schema. */
export type LooseManifest = Record<string, unknown> & {
  formatVersion?: unknown;
  /** Format v1 only; v2 keeps the list in its own entry (made to match here). */
  files?: { path: string; size: number; sha256: string; executable: boolean }[];
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
    /** Changes the entries after the file list was made to match (a list edited after the fact). */
    editEntries?: (entries: Entries, manifest: LooseManifest) => void;
    /** Changes SHA256SUMS as a writer made it, before the file list is made to match (null: none). */
    editChecksums?: (text: string) => string | null;
  } = {},
): Promise<void> {
  const entries = await readAllEntries(source);
  const manifest = JSON.parse(
    (entries.get(MANIFEST_NAME)?.data ?? Buffer.from('{}')).toString('utf8'),
  ) as LooseManifest;
  entries.delete(MANIFEST_NAME);
  entries.delete(SIGNATURE_NAME);
  entries.delete(FILE_LIST_NAME);
  change(manifest, entries);
  entries.delete(CHECKSUMS_NAME);
  const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
  const describe = (): { path: string; size: number; sha256: string; executable: boolean }[] =>
    [...entries]
      .map(([path, { data, executable }]) => ({ path, size: data.length, sha256: sha(data), executable }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // As a writer makes it: every other file, in the list's order.
  const listed = describe()
    .map((file) => `${file.sha256}  ${file.path}\n`)
    .join('');
  const checksums = options.editChecksums === undefined ? listed : options.editChecksums(listed);
  if (checksums !== null) entries.set(CHECKSUMS_NAME, { data: Buffer.from(checksums), executable: false });
  const files = describe();
  if (manifest.formatVersion === 1) manifest.files = files;
  else {
    // Format v2: the list is its own entry, the manifest holds its digest.
    const list = Buffer.from(files.map(fileListLine).join(''), 'utf8');
    entries.set(FILE_LIST_NAME, { data: list, executable: false });
    manifest['fileList'] = { entry: FILE_LIST_NAME, count: files.length, sha256: sha(list) };
  }
  options.editEntries?.(entries, manifest);
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

/**
 * Turns a (v2) manifest into the format version 1 document an older ReproBundle wrote: the file
 * list inside bundle.json (hostileBundle fills it), untyped metrics, the Dockerfile named.
 */
export function asVersion1(manifest: LooseManifest): void {
  const results = manifest['results'] as { metrics: Record<string, unknown>[] };
  const replay = manifest['replay'] as { baseImage: unknown };
  const v1: LooseManifest = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'fileList') v1.files = [];
    else if (key === 'image') continue;
    else if (key === 'formatVersion') v1[key] = 1;
    else if (key === 'results')
      v1[key] = { ...results, metrics: results.metrics.map(({ source: _source, ...metric }) => metric) };
    else if (key === 'replay') v1[key] = { dockerfile: 'Dockerfile', baseImage: replay.baseImage };
    else v1[key] = value;
  }
  // In place, keys in v1's order: hostileBundle serialises the object it handed out.
  for (const key of Object.keys(manifest)) Reflect.deleteProperty(manifest, key);
  Object.assign(manifest, v1);
}
