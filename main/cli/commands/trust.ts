// `reprobundle trust add|list`: the signers you trust. Keys seen once are remembered
// automatically (trust on first use) but only `trust add` (or --trust) makes a key trusted.
import type { Command } from 'commander';
import { z } from 'zod';
import { configDir } from '../../core/config-dir';
import { ReproError } from '../../core/errors';
import { formatFingerprint } from '../../core/signing/fingerprint';
import { TrustStore } from '../../core/signing/trust-store';
import { parseOptions } from '../options';
import { resolveTrustedKey } from '../../core/signing/resolve-trusted-key';

const addOptionsSchema = z.object({ name: z.string().min(1) });

export function registerTrust(program: Command): void {
  const trust = program.command('trust').description('Manage the signers you trust.');
  trust
    .command('add')
    .description('Trust a signer: give their public key file or a bundle they signed.')
    .argument('<key-or-bundle>', 'signing-key.pub.pem, or a bundle')
    .requiredOption('--name <signer>', 'the name you know them by')
    .action(async (value: string, raw: unknown) => {
      const options = parseOptions('trust add', addOptionsSchema, raw);
      const key = await resolveTrustedKey(value);
      if (key.rawPublicKey === null) {
        throw new ReproError({
          code: 'trust-needs-key',
          message: 'A fingerprint alone cannot be stored as trusted.',
          fix: 'Pass the public key file or a bundle they signed (use --trust <fingerprint> for a one-off check).',
        });
      }
      const store = await TrustStore.load(configDir());
      store.remember(options.name, key.fingerprint, key.rawPublicKey, true);
      await store.save();
      process.stdout.write(`Trusted "${options.name}", key ${formatFingerprint(key.fingerprint)}\n`);
    });
  trust
    .command('list')
    .description('List the signers you trust or have seen.')
    .action(async () => {
      const store = await TrustStore.load(configDir());
      const signers = store.list();
      if (signers.length === 0) process.stdout.write('No signers known yet.\n');
      for (const signer of signers) {
        process.stdout.write(
          `${signer.trusted ? 'trusted' : 'seen   '}  ${signer.name}  ${formatFingerprint(signer.fingerprint)}  (first seen ${signer.firstSeen})\n`,
        );
      }
    });
}
