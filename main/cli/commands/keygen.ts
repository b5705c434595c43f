// `reprobundle keygen`: makes the user's signing key (the default one `create` uses, or another
// with --out). Encrypted with REPROBUNDLE_PASSPHRASE when it is set.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import path from 'node:path';
import { optional } from '../../shared/optional';
import { callOperation } from '../engine';
import { parseOptions, passphraseFromEnv } from '../options';
import { out } from '../output';

const keygenOptionsSchema = z.object({
  name: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  force: z.boolean().default(false),
});

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('Create your Ed25519 signing key (set REPROBUNDLE_PASSPHRASE to encrypt it).')
    .option('--name <signer>', 'your name as it appears on bundles (default: git user.name)')
    .option('--out <dir>', 'where to write the key (default: your config folder, used by `create`)')
    .option('--force', 'replace an existing key (your old signatures will then show a different key)')
    .action(async (raw: unknown) => {
      const options = parseOptions('keygen', keygenOptionsSchema, raw);
      const key = await callOperation(
        'generateKey',
        {
          name: options.name ?? defaultName(),
          replace: options.force,
          ...optional('dir', options.out === undefined ? undefined : path.resolve(options.out)),
          ...optional('passphrase', passphraseFromEnv()),
        },
        { progress: false },
      );
      out(
        [
          `Signing key for "${key.name}" written to ${key.dir}`,
          `  fingerprint: ${key.fingerprintDisplay}`,
          `  public key:  ${key.dir}/signing-key.pub.pem (give this, or the fingerprint, to those who check your bundles)`,
          key.encrypted
            ? '  private key: encrypted with REPROBUNDLE_PASSPHRASE'
            : '  private key: NOT encrypted (readable only by you, 0600); set REPROBUNDLE_PASSPHRASE and use --force to encrypt',
          '',
        ].join('\n'),
      );
    });
}

function defaultName(): string {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { encoding: 'utf8' }).trim();
    if (name !== '') return name;
  } catch {
    // no git, or no name configured
  }
  return os.userInfo().username;
}
