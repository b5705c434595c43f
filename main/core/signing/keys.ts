// Ed25519 signing keys: generation, storage (private key PKCS#8 PEM, 0600, optionally encrypted
// with a passphrase), loading, and the raw public key and fingerprint a bundle records.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ReproError } from '../errors';
import { writeFileAtomically, writeFolderAtomically } from '../files/atomic-write';
import { errorMessage } from '../../shared/error-text';
import { fingerprintOf } from './fingerprint';

export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';
export const SIGNER_FILE = 'signer.json';

const signerFileSchema = z.object({ name: z.string().min(1), fingerprint: z.string(), createdAt: z.string() });

export interface SigningKey {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key. */
  rawPublicKey: Buffer;
  fingerprint: string;
}

export interface GeneratedKey {
  dir: string;
  name: string;
  fingerprint: string;
  encrypted: boolean;
}

export async function generateKey(options: {
  dir: string;
  name: string;
  passphrase?: string;
  force?: boolean;
}): Promise<GeneratedKey> {
  const privatePath = path.join(options.dir, PRIVATE_KEY_FILE);
  if (options.force !== true && (await exists(privatePath))) {
    throw new ReproError({
      code: 'key-exists',
      message: `A signing key already exists at ${privatePath}.`,
      fix: 'Keep using it, or make another one in another folder. Replacing a key changes your identity for everyone who trusts it.',
      inputs: ['keyFolder', 'overwrite'],
      file: privatePath,
    });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const encrypted = options.passphrase !== undefined && options.passphrase !== '';
  const privatePem = encrypted
    ? privateKey.export({
        format: 'pem',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase: options.passphrase as string,
      })
    : privateKey.export({ format: 'pem', type: 'pkcs8' });
  const fingerprint = fingerprintOf(rawPublicKeyOf(publicKey));

  await writeKeyFiles(options.dir, {
    privatePem: privatePem.toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    signer: { name: options.name, fingerprint, createdAt: new Date().toISOString() },
  });
  return { dir: options.dir, name: options.name, fingerprint, encrypted };
}

/**
 * Loads a signing key from a key folder (as `keygen` writes it) or a private key PEM file.
 * The signer name comes from signer.json beside the key unless given.
 */
export async function loadSigningKey(
  location: string,
  options: { passphrase?: string; name?: string } = {},
): Promise<SigningKey> {
  const isDir = (await stat(location).catch(() => undefined))?.isDirectory() === true;
  const privatePath = isDir ? path.join(location, PRIVATE_KEY_FILE) : location;
  let pem: string;
  try {
    pem = await readFile(privatePath, 'utf8');
  } catch (error) {
    throw new ReproError({
      code: 'key-missing',
      kind: 'usage',
      message: `No signing key at ${privatePath} (${errorMessage(error)}).`,
      fix: 'Create a signing key, or give the private key file to sign with.',
      inputs: ['newKey', 'signingKey'],
      file: privatePath,
      cause: error,
    });
  }
  const encrypted = pem.includes('ENCRYPTED PRIVATE KEY');
  if (encrypted && (options.passphrase === undefined || options.passphrase === '')) {
    throw new ReproError({
      code: 'key-passphrase-needed',
      message: `The signing key ${privatePath} is encrypted and no passphrase was given.`,
      fix: 'Give its passphrase.',
      inputs: ['passphrase'],
      file: privatePath,
    });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(encrypted ? { key: pem, passphrase: options.passphrase as string } : pem);
  } catch (error) {
    throw new ReproError({
      code: encrypted ? 'key-passphrase-wrong' : 'key-invalid',
      message: encrypted
        ? `The passphrase does not unlock ${privatePath}.`
        : `${privatePath} is not a readable private key (${errorMessage(error)}).`,
      fix: encrypted ? 'Check the passphrase.' : 'Give the private key file ReproBundle wrote when the key was made.',
      inputs: encrypted ? ['passphrase'] : ['signingKey'],
      file: privatePath,
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ReproError({
      code: 'key-type',
      message: `${privatePath} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; bundles are signed with Ed25519.`,
      fix: 'Create an Ed25519 signing key with ReproBundle.',
      inputs: ['newKey'],
      file: privatePath,
    });
  }
  const publicKey = createPublicKey(privateKey);
  const rawPublicKey = rawPublicKeyOf(publicKey);
  const name = options.name ?? (await readSignerName(path.dirname(privatePath))) ?? 'Unnamed signer';
  return { name, privateKey, publicKey, rawPublicKey, fingerprint: fingerprintOf(rawPublicKey) };
}

export function rawPublicKeyOf(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.x === undefined) throw new Error('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

async function readSignerName(dir: string): Promise<string | undefined> {
  try {
    return signerFileSchema.parse(JSON.parse(await readFile(path.join(dir, SIGNER_FILE), 'utf8'))).name;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

/** A throw-away key, never written anywhere: signs drafts that are checked and discarded (pre-flight). */
export function ephemeralSigningKey(name: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const rawPublicKey = rawPublicKeyOf(publicKey);
  return { name, privateKey, publicKey, rawPublicKey, fingerprint: fingerprintOf(rawPublicKey) };
}

/** Writes a key folder's three files so that a kill half-way never leaves a key that looks complete. */
export async function writeKeyFiles(
  dir: string,
  key: { privatePem: string; publicPem: string; signer: { name: string; fingerprint: string; createdAt: string } },
): Promise<void> {
  const files: [string, string, number][] = [
    [PUBLIC_KEY_FILE, key.publicPem, 0o644],
    [SIGNER_FILE, `${JSON.stringify(key.signer, null, 2)}\n`, 0o644],
    // Created with 0600 from the start: the key must never be readable by others, not even briefly.
    [PRIVATE_KEY_FILE, key.privatePem, 0o600],
  ];
  if (await isEmptyOrMissing(dir)) {
    // A new key folder appears whole or not at all.
    await writeFolderAtomically(dir, async (staging) => {
      for (const [name, text, mode] of files) await writeFile(path.join(staging, name), text, { mode });
    });
  } else {
    // A folder of the user's, or a key replaced on request: each file whole, the private key last.
    for (const [name, text, mode] of files) await writeFileAtomically(path.join(dir, name), text, { mode });
  }
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  });
  return names.length === 0;
}
