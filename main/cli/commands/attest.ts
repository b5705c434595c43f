// `reprobundle attest <report.json> -o <file>`: sign what a replay found (in-toto Statement in a
// DSSE envelope), and `reprobundle verify-attestation <file> --bundle <file>`: check one.
// verify-attestation exits 0 valid, 1 invalid or about another bundle, 2 usage.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { optional } from '../../shared/optional';
import { callOperation } from '../engine';
import { parseOptions, passphraseFromEnv } from '../options';
import { EXIT } from '../run';
import { out } from '../output';

const attestOptionsSchema = z.object({
  output: z.string({ error: 'is required: where to write the attestation' }).min(1),
  key: z.string().optional(),
  bundle: z.string().optional(),
  force: z.boolean().default(false),
  json: z.boolean().default(false),
});

const verifyOptionsSchema = z.object({
  bundle: z.string({ error: 'is required: the bundle the attestation should be about' }).min(1),
  json: z.boolean().default(false),
});

export function registerAttest(program: Command): void {
  program
    .command('attest')
    .description('Sign the result of a replay: an in-toto attestation (DSSE envelope) of the verdict and every metric.')
    .argument('<report.json>', 'the report.json a replay wrote')
    .requiredOption('-o, --output <file>', 'where to write the attestation (e.g. result.intoto.json)')
    .option('--force', 'replace the file at --output if there is one (it is never replaced otherwise)')
    .option('--key <file>', 'your private key (default: the key `reprobundle keygen` made)')
    .option('--bundle <file>', 'the replayed bundle, when it moved since the replay')
    .option('--json', 'print the statement as JSON')
    .addHelpText('after', '\nSet REPROBUNDLE_PASSPHRASE when your key is encrypted.')
    .action(async (reportFile: string, raw: unknown) => {
      const options = parseOptions('attest', attestOptionsSchema, raw);
      const written = await callOperation(
        'attestReplay',
        {
          reportFile: path.resolve(reportFile),
          output: path.resolve(options.output),
          overwrite: options.force,
          ...optional('bundle', options.bundle === undefined ? undefined : path.resolve(options.bundle)),
          ...optional('keyFile', options.key === undefined ? undefined : path.resolve(options.key)),
          ...optional('passphrase', passphraseFromEnv()),
        },
        { progress: false },
      );
      if (options.json) {
        out(`${JSON.stringify({ file: written.file, statement: written.statement }, null, 2)}\n`);
        return;
      }
      const subject = written.statement.subject[0];
      out(
        `Attested ${written.verdict} for ${subject?.name ?? '?'} (sha256 ${subject?.digest.sha256 ?? '?'})\n  signed by "${written.attester.name}", key ${written.attester.fingerprintDisplay}\n  written to ${written.file}\n`,
      );
    });

  program
    .command('verify-attestation')
    .description(
      'Check a replay attestation: its signature, and that it is about the given bundle (or the review copy of it). Exit 0 valid, 1 not, 2 usage.',
    )
    .argument('<file>', 'the attestation')
    .requiredOption(
      '--bundle <file>',
      'the bundle it should be about (its camera-ready copy works for an attestation of the review copy)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('verify-attestation', verifyOptionsSchema, raw);
      const check = await callOperation(
        'verifyAttestation',
        { file: path.resolve(file), bundle: path.resolve(options.bundle) },
        { progress: false },
      );
      if (options.json) {
        out(`${JSON.stringify(check, null, 2)}\n`);
      } else if (check.valid && check.statement !== null && check.attester !== null) {
        const trust = check.attester.trust;
        out(
          [
            `✔ attestation valid: ${check.statement.predicate.verdict} (${check.statement.predicate.reason})`,
            `  attested by "${check.attester.name}", key ${check.attester.fingerprintDisplay} (${trust === 'trusted' ? 'trusted' : `${trust}: check this key with the reviewer before relying on it`})`,
            check.link === 'review-copy'
              ? '  made on the review copy of this bundle: the authorship commitment matches'
              : '  about exactly this bundle',
            '',
          ].join('\n'),
        );
      } else {
        out(`✘ attestation not valid:\n${check.problems.map((problem) => `  ${problem}`).join('\n')}\n`);
      }
      process.exitCode = check.valid ? EXIT.ok : EXIT.failure;
    });
}
