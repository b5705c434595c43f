// `reprobundle trust add|list`: the signers you trust. Keys seen once are remembered
// automatically (trust on first use) but only `trust add` (or --trust) makes a key trusted.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { callOperation } from '../engine';
import { parseOptions } from '../options';
import { out } from '../output';

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
      const signer = await callOperation(
        'trustSigner',
        { source: /^[0-9a-fA-F\s:]{64,}$/.test(value) ? value : path.resolve(value), name: options.name },
        { progress: false },
      );
      out(`Trusted "${options.name}", key ${signer.fingerprintDisplay}\n`);
    });
  trust
    .command('list')
    .description('List the signers you trust or have seen.')
    .action(async () => {
      const { signers } = await callOperation('listSigners', {}, { progress: false });
      if (signers.length === 0) out('No signers known yet.\n');
      for (const signer of signers) {
        out(
          `${signer.trusted ? 'trusted' : 'seen   '}  ${signer.name}  ${signer.fingerprintDisplay}  (first seen ${signer.firstSeen})\n`,
        );
      }
    });
}
