// `reprobundle attest <report.json> -o <file>`: sign what a replay found (in-toto Statement in a
// DSSE envelope), and `reprobundle verify-attestation <file> --bundle <file>`: check one.
// verify-attestation exits 0 valid, 1 invalid or about another bundle, 2 usage.
import type { Command } from 'commander';
import { z } from 'zod';
import { configDir, defaultKeyDir } from '../../core/config-dir';
import { loadSigningKey } from '../../core/signing/keys';
import { formatFingerprint } from '../../core/signing/fingerprint';
import { TrustStore } from '../../core/signing/trust-store';
import { attestReplay, readReplayReport, verifyAttestation } from '../../core/submission/attestation';
import { optional, parseOptions, passphraseFromEnv } from '../options';
import { EXIT } from '../run';

const attestOptionsSchema = z.object({
  output: z.string({ error: 'is required: where to write the attestation' }).min(1),
  key: z.string().optional(),
  bundle: z.string().optional(),
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
    .option('--key <file>', 'your private key (default: the key `reprobundle keygen` made)')
    .option('--bundle <file>', 'the replayed bundle, when it moved since the replay')
    .option('--json', 'print the statement as JSON')
    .addHelpText('after', '\nSet REPROBUNDLE_PASSPHRASE when your key is encrypted.')
    .action(async (reportFile: string, raw: unknown) => {
      const options = parseOptions('attest', attestOptionsSchema, raw);
      const report = await readReplayReport(reportFile);
      const key = await loadSigningKey(options.key ?? defaultKeyDir(), {
        ...optional('passphrase', passphraseFromEnv()),
      });
      const written = await attestReplay({
        report,
        key,
        output: options.output,
        ...optional('bundle', options.bundle),
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ file: written.file, statement: written.statement }, null, 2)}\n`);
        return;
      }
      const subject = written.statement.subject[0];
      process.stdout.write(
        `Attested ${report.verdict} for ${subject?.name ?? '?'} (sha256 ${subject?.digest.sha256 ?? '?'})\n  signed by "${key.name}", key ${formatFingerprint(key.fingerprint)}\n  written to ${written.file}\n`,
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
      const check = await verifyAttestation(file, options.bundle, { trustStore: await TrustStore.load(configDir()) });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
      } else if (check.valid && check.statement !== null && check.attester !== null) {
        const trust = check.attester.trust?.state ?? 'unknown';
        process.stdout.write(
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
        process.stdout.write(
          `✘ attestation not valid:\n${check.problems.map((problem) => `  ${problem}`).join('\n')}\n`,
        );
      }
      process.exitCode = check.valid ? EXIT.ok : EXIT.failure;
    });
}
