// Signing keys on disk: generation, 0600 permissions, passphrase encryption, fingerprints.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../../../../main/shared/format';
import { generateKey, loadSigningKey, PRIVATE_KEY_FILE } from '../../../../main/core/signing/keys';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rb-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signing keys', () => {
  it('generates a key with a 0600 private file, and loads it back with its name and fingerprint', async () => {
    const made = await generateKey({ dir: path.join(dir, 'plain'), name: 'Ada Author' });
    const mode = (await stat(path.join(dir, 'plain', PRIVATE_KEY_FILE))).mode & 0o777;
    expect(mode).toBe(0o600);
    const key = await loadSigningKey(path.join(dir, 'plain'));
    expect(key.name).toBe('Ada Author');
    expect(key.fingerprint).toBe(made.fingerprint);
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(key.rawPublicKey).toHaveLength(32);
    expect(formatFingerprint(key.fingerprint).split(' ')).toHaveLength(16);
  });

  it('refuses to overwrite an existing key', async () => {
    await expect(generateKey({ dir: path.join(dir, 'plain'), name: 'Other' })).rejects.toMatchObject({
      code: 'key-exists',
    });
  });

  it('encrypts with a passphrase and demands it back', async () => {
    await generateKey({ dir: path.join(dir, 'locked'), name: 'Locked', passphrase: 'correct horse' });
    expect(await readFile(path.join(dir, 'locked', PRIVATE_KEY_FILE), 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    await expect(loadSigningKey(path.join(dir, 'locked'))).rejects.toMatchObject({ code: 'key-passphrase-needed' });
    await expect(loadSigningKey(path.join(dir, 'locked'), { passphrase: 'wrong' })).rejects.toMatchObject({
      code: 'key-passphrase-wrong',
    });
    expect((await loadSigningKey(path.join(dir, 'locked'), { passphrase: 'correct horse' })).name).toBe('Locked');
  });

  it('says where to get a key when there is none', async () => {
    await expect(loadSigningKey(path.join(dir, 'nothing-here'))).rejects.toMatchObject({
      code: 'key-missing',
      // `reprobundle keygen` is the CLI's word for it: test/main/cli/input-words.test.ts.
      inputs: expect.arrayContaining(['newKey']),
    });
  });
});
