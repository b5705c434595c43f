// The key store on disk: keys listed with fingerprints (default first), an existing key
// imported only after it loads (and unlocks), and a missing key named with the fix.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReproError } from '../../../../main/core/errors';
import { importKey, keysDir, listKeys, requireStoredKey } from '../../../../main/core/signing/key-store';
import { generateKey, PRIVATE_KEY_FILE } from '../../../../main/core/signing/keys';

let config: string;
beforeEach(async () => {
  config = await mkdtemp(path.join(tmpdir(), 'rb-keys-'));
});
afterEach(async () => rm(config, { recursive: true, force: true }));

describe('key store', () => {
  it('lists the keys with their fingerprints, default first', async () => {
    const other = await generateKey({ dir: path.join(keysDir(config), 'aaa-lab'), name: 'Lab key' });
    const mine = await generateKey({
      dir: path.join(keysDir(config), 'default'),
      name: 'Ada',
      passphrase: 'secret words',
    });
    const keys = await listKeys(config);
    expect(keys.map((key) => [key.id, key.name, key.fingerprint, key.encrypted])).toEqual([
      ['default', 'Ada', mine.fingerprint, true],
      ['aaa-lab', 'Lab key', other.fingerprint, false],
    ]);
    expect(keys[0]?.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it('imports an encrypted key only with its passphrase, private and 0600', async () => {
    const source = await generateKey({ dir: path.join(config, 'elsewhere'), name: 'Old', passphrase: 'pw' });
    const file = path.join(source.dir, PRIVATE_KEY_FILE);
    const wrong = (await importKey(config, { source: file, id: 'old', name: 'Old', passphrase: 'nope' }).catch(
      (error: unknown) => error,
    )) as ReproError;
    expect(wrong.code).toBe('key-passphrase-wrong');
    expect(await listKeys(config)).toEqual([]);

    const imported = await importKey(config, { source: file, id: 'old', name: 'Old key', passphrase: 'pw' });
    expect(imported.fingerprint).toBe(source.fingerprint);
    expect(imported.encrypted).toBe(true);
    expect((await stat(path.join(imported.dir, PRIVATE_KEY_FILE))).mode & 0o777).toBe(0o600);
    const again = (await importKey(config, { source: file, id: 'old', name: 'Old', passphrase: 'pw' }).catch(
      (error: unknown) => error,
    )) as ReproError;
    expect(again.code).toBe('key-exists');
  });

  it('names a missing key and how to make one', async () => {
    const error = (await requireStoredKey(config, 'default').catch((caught: unknown) => caught)) as ReproError;
    expect(error.code).toBe('key-missing');
    // How to make one is the GUI's to word (Settings › Keys): test/renderer/input-words.test.ts.
    expect(error.inputs).toContain('newKey');
  });
});
