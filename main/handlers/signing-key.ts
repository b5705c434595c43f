// The key an operation signs with: a key file when the request names one, else a key kept in the
// keys folder (by id), unlocked with the request's passphrase when it is encrypted.
import path from 'node:path';
import type { EngineContext } from '../core/engine';
import { unlockStoredKey } from '../core/signing/key-store';
import { loadSigningKey, type SigningKey } from '../core/signing/keys';
import { optional } from '../shared/optional';

export function signingKeyFor(
  context: EngineContext,
  request: { keyId: string; keyFile?: string | undefined; passphrase?: string | undefined },
): Promise<SigningKey> {
  return request.keyFile === undefined
    ? unlockStoredKey(context.configDir(), request.keyId, request.passphrase)
    : loadSigningKey(path.resolve(request.keyFile), { ...optional('passphrase', request.passphrase) });
}
