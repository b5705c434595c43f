// The user's signing keys: one folder per key under `<config>/keys/` (`default` is the one
// `keygen` makes), each as `keygen` writes it. Lists them for the UI, imports an existing
// Ed25519 private key, and reads a public key for export. Private keys never leave this module
// except through loadSigningKey.
import { createPublicKey } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReproError } from '../errors';
import { fingerprintOf } from './fingerprint';
import { formatFingerprint } from '../../shared/format';
import {
  loadSigningKey,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  rawPublicKeyOf,
  SIGNER_FILE,
  type SigningKey,
} from './keys';
import type { KeyInfo } from '../../shared/views';

/** A key kept in the keys folder, as every front shows it. */
export type StoredKey = KeyInfo;

const signerSchema = z.object({ name: z.string() });

export function keysDir(config: string): string {
  return path.join(config, 'keys');
}

/** Every readable key folder, `default` first; folders without a key are skipped. */
export async function listKeys(config: string): Promise<StoredKey[]> {
  const entries = await readdir(keysDir(config), { withFileTypes: true }).catch(() => []);
  const keys: StoredKey[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const key = await readStoredKey(path.join(keysDir(config), entry.name));
    if (key !== undefined) keys.push(key);
  }
  return keys.sort((a, b) => (a.id === 'default' ? -1 : b.id === 'default' ? 1 : a.id.localeCompare(b.id)));
}

export async function readStoredKey(dir: string): Promise<StoredKey | undefined> {
  try {
    const [privatePem, publicKeyPem] = await Promise.all([
      readFile(path.join(dir, PRIVATE_KEY_FILE), 'utf8'),
      readFile(path.join(dir, PUBLIC_KEY_FILE), 'utf8'),
    ]);
    const signer = await readFile(path.join(dir, SIGNER_FILE), 'utf8').then(
      (text) => signerSchema.parse(JSON.parse(text)).name,
      () => 'Unnamed signer',
    );
    const fingerprint = fingerprintOf(rawPublicKeyOf(createPublicKey(publicKeyPem)));
    return {
      dir,
      id: path.basename(dir),
      name: signer,
      fingerprint,
      fingerprintDisplay: formatFingerprint(fingerprint),
      encrypted: privatePem.includes('ENCRYPTED PRIVATE KEY'),
      publicKeyPem,
    };
  } catch {
    return undefined;
  }
}

/** Copies a private key PEM into a new key folder, after proving it loads (and unlocks). */
export async function importKey(
  config: string,
  options: { source: string; id: string; name: string; passphrase?: string },
): Promise<StoredKey> {
  const dir = path.join(keysDir(config), options.id);
  if ((await readStoredKey(dir)) !== undefined) {
    throw new ReproError({
      code: 'key-exists',
      kind: 'usage',
      message: `A key named "${options.id}" already exists in ${dir}.`,
      fix: 'Choose another name for the imported key.',
      file: dir,
    });
  }
  const key = await loadSigningKey(options.source, {
    name: options.name,
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
  });
  const pem = await readFile(options.source, 'utf8');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, PRIVATE_KEY_FILE), pem, { mode: 0o600 });
  await chmod(path.join(dir, PRIVATE_KEY_FILE), 0o600);
  await writeFile(path.join(dir, PUBLIC_KEY_FILE), key.publicKey.export({ format: 'pem', type: 'spki' }));
  await writeFile(
    path.join(dir, SIGNER_FILE),
    `${JSON.stringify({ name: options.name, fingerprint: key.fingerprint, createdAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return (await readStoredKey(dir)) as StoredKey;
}

export async function requireStoredKey(config: string, id: string): Promise<StoredKey> {
  const dir = path.join(keysDir(config), id);
  const key = await readStoredKey(dir);
  if (key === undefined) {
    throw new ReproError({
      code: 'key-missing',
      kind: 'usage',
      message: `There is no signing key "${id}" in ${keysDir(config)}.`,
      fix: 'Create a signing key first.',
      inputs: ['newKey'],
      file: dir,
    });
  }
  return key;
}

/** The signing key stored under this id, unlocked with its passphrase when it has one. */
export async function unlockStoredKey(config: string, id: string, passphrase: string | undefined): Promise<SigningKey> {
  const stored = await requireStoredKey(config, id);
  return loadSigningKey(stored.dir, passphrase === undefined ? {} : { passphrase });
}
