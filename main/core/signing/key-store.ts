// The user's signing keys: one folder per key under `<config>/keys/` (`default` is the one
// `keygen` makes), each as `keygen` writes it. Lists them for the UI, imports an existing
// Ed25519 private key, and reads a public key for export. Private keys never leave this module
// except through loadSigningKey.
import { createPublicKey } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReproError } from '../errors';
import { fingerprintOf } from './fingerprint';
import { formatFingerprint } from '../../shared/format';
import { errorMessage } from '../../shared/error-text';
import {
  loadSigningKey,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  rawPublicKeyOf,
  SIGNER_FILE,
  type SigningKey,
  writeKeyFiles,
} from './keys';
import type { KeyInfo } from '../../shared/views';

/** A key kept in the keys folder, as every front shows it. */
export type StoredKey = KeyInfo;

const signerSchema = z.object({ name: z.string() });

export function keysDir(config: string): string {
  return path.join(config, 'keys');
}

/** Every readable key folder, `default` first; folders without a whole key are skipped. */
export async function listKeys(config: string): Promise<StoredKey[]> {
  const entries = await readdir(keysDir(config), { withFileTypes: true }).catch(() => []);
  const keys: StoredKey[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    // A damaged key cannot sign: it is left out of the list, and named when it is asked for.
    const key = await readStoredKey(path.join(keysDir(config), entry.name)).catch((error: unknown) => {
      if (error instanceof ReproError && error.code === 'key-damaged') return undefined;
      throw error;
    });
    if (key !== undefined) keys.push(key);
  }
  return keys.sort((a, b) => (a.id === 'default' ? -1 : b.id === 'default' ? 1 : a.id.localeCompare(b.id)));
}

/**
 * The key in `dir`: undefined when the folder holds none (no key files), a `key-damaged` error
 * naming the file when one of its files cannot be read as what it should be.
 */
export async function readStoredKey(dir: string): Promise<StoredKey | undefined> {
  const read = (name: string): Promise<string | undefined> =>
    readFile(path.join(dir, name), 'utf8').catch((error: unknown) => {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw damaged(path.join(dir, name), errorMessage(error));
    });
  const [privatePem, publicKeyPem, signerText] = await Promise.all([
    read(PRIVATE_KEY_FILE),
    read(PUBLIC_KEY_FILE),
    read(SIGNER_FILE),
  ]);
  if (privatePem === undefined || publicKeyPem === undefined) return undefined;
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(rawPublicKeyOf(createPublicKey(publicKeyPem)));
  } catch (error) {
    throw damaged(path.join(dir, PUBLIC_KEY_FILE), errorMessage(error));
  }
  const signer = signerText === undefined ? undefined : signerSchema.safeParse(parseJson(signerText));
  if (signer !== undefined && !signer.success) {
    throw new ReproError({
      code: 'key-damaged',
      message: `${path.join(dir, SIGNER_FILE)} is damaged: it should hold the name you sign with, as {"name": "Your Name"}.`,
      fix: 'Fix the file, or remove it to sign as "Unnamed signer".',
      file: path.join(dir, SIGNER_FILE),
    });
  }
  return {
    dir,
    id: path.basename(dir),
    name: signer?.data.name ?? 'Unnamed signer',
    fingerprint,
    fingerprintDisplay: formatFingerprint(fingerprint),
    encrypted: privatePem.includes('ENCRYPTED PRIVATE KEY'),
    publicKeyPem,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function damaged(file: string, reason: string): ReproError {
  return new ReproError({
    code: 'key-damaged',
    message: `${file} cannot be read as part of a signing key (${reason}).`,
    fix: 'Restore the key folder from a backup, or remove it and make a new key (your bundles keep their own copy of the public key, so they still verify).',
    file,
  });
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
  await writeKeyFiles(dir, {
    privatePem: await readFile(options.source, 'utf8'),
    publicPem: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    signer: { name: options.name, fingerprint: key.fingerprint, createdAt: new Date().toISOString() },
  });
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
