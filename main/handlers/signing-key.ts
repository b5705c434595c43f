// The key an operation signs with: a key file when the request names one, else a key kept in the
// keys folder (by id), unlocked with the request's passphrase when it is encrypted — or, with no
// passphrase given, the same key unlocked earlier in this engine process when the user asked it
// to be remembered (held in memory only, until the engine stops or is told to forget).
import path from 'node:path';
import type { EngineContext } from '../core/engine';
import { requireStoredKey, unlockStoredKey } from '../core/signing/key-store';
import { loadSigningKey, type SigningKey } from '../core/signing/keys';
import { optional } from '../shared/optional';

export async function signingKeyFor(
  context: EngineContext,
  request: {
    keyId: string;
    keyFile?: string | undefined;
    passphrase?: string | undefined;
    rememberPassphrase?: boolean | undefined;
  },
): Promise<SigningKey> {
  if (request.keyFile !== undefined)
    return loadSigningKey(path.resolve(request.keyFile), { ...optional('passphrase', request.passphrase) });
  const remembered = context.unlockedKeys.get(request.keyId);
  if ((request.passphrase ?? '') === '' && remembered !== undefined) {
    // Only while it is still the key in the keys folder (a replaced key asks again).
    const stored = await requireStoredKey(context.configDir(), request.keyId);
    if (stored.fingerprint === remembered.fingerprint) return remembered;
    context.unlockedKeys.delete(request.keyId);
  }
  const key = await unlockStoredKey(context.configDir(), request.keyId, request.passphrase);
  if (request.rememberPassphrase === true) context.unlockedKeys.set(request.keyId, key);
  return key;
}
