// Handlers for identity: the user's signing keys (list, generate, import, export the public
// half) and the signers they know (list, trust).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ReproError } from '../core/errors';
import { optional } from '../shared/optional';
import { formatFingerprint } from '../shared/format';
import {
  importKey,
  keysDir,
  listKeys,
  readStoredKey,
  requireStoredKey,
  type StoredKey,
} from '../core/signing/key-store';
import { generateKey } from '../core/signing/keys';
import { resolveTrustedKey } from '../core/open/resolve-trusted-key';
import { type KnownSigner } from '../core/signing/trust-store';
import type { EngineContext } from '../core/engine';
import type { GroupOperations } from './handler-groups';
import type { HandlerGroup } from './handler-types';

type KeyOperations = GroupOperations<'key'>;

export function keyHandlers(context: EngineContext): HandlerGroup<KeyOperations> {
  return {
    listKeys: async () => ({
      keysDir: keysDir(context.configDir()),
      keys: (await listKeys(context.configDir())).map((key) => ({
        ...key,
        unlocked: context.unlockedKeys.get(key.id)?.fingerprint === key.fingerprint,
      })),
    }),
    forgetPassphrases: async () => {
      const forgotten = context.unlockedKeys.size;
      context.unlockedKeys.clear();
      return { forgotten };
    },
    generateKey: async (request) => {
      const dir =
        request.dir === undefined ? path.join(keysDir(context.configDir()), request.id) : path.resolve(request.dir);
      await generateKey({
        dir,
        name: request.name,
        force: request.replace,
        ...optional('passphrase', request.passphrase),
      });
      return (await readStoredKey(dir)) as StoredKey;
    },
    importKey: (request) =>
      importKey(context.configDir(), {
        source: path.resolve(request.path),
        id: request.id,
        name: request.name,
        ...optional('passphrase', request.passphrase),
      }),
    exportPublicKey: async (request) => {
      const key = await requireStoredKey(context.configDir(), request.id);
      const file = path.resolve(request.output);
      await writeFile(file, key.publicKeyPem);
      return { file };
    },
    listSigners: async () => ({ signers: (await context.trustStore()).list().map(signerView) }),
    trustSigner: async (request) => {
      const key = await resolveTrustedKey(request.source);
      if (key.rawPublicKey === null) {
        throw new ReproError({
          code: 'trust-needs-key',
          kind: 'usage',
          message: 'A fingerprint alone cannot be stored as trusted.',
          fix: "Give the signer's public key file (signing-key.pub.pem) or a bundle they signed.",
        });
      }
      const store = await context.trustStore();
      store.remember(request.name, key.fingerprint, key.rawPublicKey, true);
      await store.save();
      return signerView(store.list().find((signer) => signer.fingerprint === key.fingerprint) as KnownSigner);
    },
  };
}

function signerView(signer: KnownSigner): {
  name: string;
  fingerprint: string;
  fingerprintDisplay: string;
  trusted: boolean;
  firstSeen: string;
} {
  return {
    name: signer.name,
    fingerprint: signer.fingerprint,
    fingerprintDisplay: formatFingerprint(signer.fingerprint),
    trusted: signer.trusted,
    firstSeen: signer.firstSeen,
  };
}
