// `reprobundle export <file> --for review|camera-ready -o <out.zip>`: a copy of a bundle for a
// paper submission (anonymised for double-blind review, or camera-ready with CITATION.cff),
// with the RO-Crate metadata, reviewer README, reproducibility checklist and model card.
// Exit 0 written, 1 refused (identity left, over the size limit, bundle invalid), 2 usage.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { OperationResponse } from '../../contract/operations';
import { formatBytes, formatFingerprint } from '../../shared/format';
import { OperationFailure } from '../../shared/operation-failure';
import { optional } from '../../shared/optional';
import { VENUES } from '../../shared/venues';
import { callOperation } from '../engine';
import { collect, megabytesSchema, parseOptions, passphraseFromEnv } from '../options';
import { out } from '../output';

type Written = Extract<OperationResponse<'exportBundle'>, { outcome: 'written' }>;
type Occurrence = Extract<OperationResponse<'exportBundle'>, { outcome: 'identity-remains' }>['occurrences'][number];

const exportOptionsSchema = z
  .object({
    for: z.enum(['review', 'camera-ready'], { error: 'must be review or camera-ready' }),
    output: z.string({ error: 'is required: where to write the copy' }).min(1),
    venue: z.string().optional(),
    maxSize: megabytesSchema.optional(),
    key: z.string().optional(),
    identity: z.array(z.string()).default([]),
    accept: z.array(z.string()).default([]),
    acceptResidual: z.boolean().default(false),
    redactAll: z.boolean().default(false),
    redact: z.array(z.string()).default([]),
    dryRun: z.boolean().default(false),
    freeze: z.boolean().default(false),
    force: z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .refine((options) => !(options.acceptResidual && options.redactAll), {
    message: '--accept-residual and --redact-all cannot be used together',
    path: ['redactAll'],
  });

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'Make a copy of a bundle for a paper submission: anonymised for review, or camera-ready. Exit 0 written, 1 refused, 2 usage.',
    )
    .argument('<file>', 'the bundle')
    .requiredOption(
      '--for <kind>',
      'review (double-blind: identity removed, signed with a fresh key) or camera-ready (your key, CITATION.cff)',
    )
    .requiredOption('-o, --output <out.zip>', 'where to write the copy (itself a signed bundle and an RO-Crate)')
    .option('--force', 'replace the file at --output if there is one (it is never replaced otherwise)')
    .option(
      '--venue <id>',
      `apply a venue's size limit and anonymity rules: ${VENUES.map((venue) => venue.id).join(', ')}`,
    )
    .option('--max-size <MB>', 'size limit in MB (for a venue not listed, or to override its limit)')
    .option('--key <file>', 'camera-ready: your private key (default: the key `reprobundle keygen` made)')
    .option(
      '--identity <text>',
      'review: another string that identifies you (institution, lab, code name; repeatable)',
      collect,
    )
    .option(
      '--accept <file:line>',
      'review: keep this occurrence of identity knowingly, as the refusal lists it (or <file> for all in it; repeatable)',
      collect,
    )
    .option(
      '--accept-residual',
      'review: keep all identity found in code or data files, knowingly (listed in the output)',
    )
    .option('--redact-all', 'review: replace identity in code too (check the code still runs)')
    .option(
      '--redact <file:line>',
      'review: replace the identity on this line of code too, as the dry run lists it (repeatable)',
      collect,
    )
    .option(
      '--dry-run',
      'review: write nothing; print every rewrite the copy would make, as a diff, and what would remain',
    )
    .option(
      '--freeze',
      'camera-ready: store the built replay image in the copy (when the bundle has none), for an archive copy that replays with no registry',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nSet REPROBUNDLE_PASSPHRASE when your key is encrypted.')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('export', exportOptionsSchema, raw);
      const result = await callOperation(
        'exportBundle',
        {
          file: path.resolve(file),
          kind: options.for,
          output: path.resolve(options.output),
          overwrite: options.force,
          identity: options.identity,
          residual: options.acceptResidual ? 'accept' : options.redactAll ? 'redact' : 'refuse',
          accepted: options.accept,
          redact: options.redact,
          dryRun: options.dryRun,
          freeze: options.freeze,
          ...optional('keyFile', options.key === undefined ? undefined : path.resolve(options.key)),
          ...optional('passphrase', passphraseFromEnv()),
          ...optional('venue', options.venue),
          ...optional('maxSizeMB', options.maxSize),
        },
        { progress: !options.json },
      );
      if (result.outcome === 'identity-remains') throw identityRemains(result.occurrences);
      if (result.outcome === 'dry-run') {
        out(options.json ? `${JSON.stringify(result, null, 2)}\n` : describeDryRun(result));
        return;
      }
      if (options.json) {
        out(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      out(describe(result));
    });
}

/** A dry run as a diff: each line before (-) and after (+), and whether the export rewrites it by itself. */
function describeDryRun(result: Extract<OperationResponse<'exportBundle'>, { outcome: 'dry-run' }>): string {
  const lines = [`Dry run: nothing was written. ${result.rewrites.length} line(s) would change.`];
  for (const rewrite of result.rewrites) {
    lines.push(
      `${rewrite.file}:${rewrite.line}  ${rewrite.automatic ? '(documentation: rewritten by the export)' : `(code: rewritten only with --redact ${rewrite.file}:${rewrite.line} or --redact-all)`}`,
      `- ${rewrite.before}`,
      `+ ${rewrite.after}`,
    );
  }
  const remaining = result.residual.filter((found) => found.line === null);
  if (remaining.length > 0) {
    lines.push('', 'Cannot be rewritten (file names, binary files, archives); keep them knowingly with --accept:');
    for (const found of remaining) lines.push(`  ${found.file}: "${found.term}"  ${found.excerpt}`);
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** A review copy refused: the places that still identify the authors, and the author's choices. */
function identityRemains(occurrences: readonly Occurrence[]): OperationFailure {
  const lines = occurrences
    .slice(0, 50)
    .map(
      (found) =>
        `  ${found.file}${found.line === null ? ' (file name)' : `:${found.line}`}: "${found.term}"  ${found.excerpt}`,
    );
  return new OperationFailure({
    code: 'identity-residual',
    message: `The review copy would still identify the authors in ${occurrences.length} place(s):\n${lines.join('\n')}${occurrences.length > 50 ? `\n  … and ${occurrences.length - 50} more` : ''}`,
    fix: 'Edit those files and create the bundle again; or keep some or all of them knowingly, or replace them in the code too (then check the code still runs).',
    inputs: ['acceptOccurrence', 'acceptResidual', 'redactAll'],
    ...optional('file', occurrences[0]?.file),
  });
}

function describe(result: Written): string {
  const lines = [
    `Wrote ${result.file} (${formatBytes(result.bytes)}), a ${result.kind} copy${result.venueName === null ? '' : ` for ${result.venueName}`}`,
    `  signed by "${result.signer.name}", key ${formatFingerprint(result.signer.fingerprint)}`,
  ];
  if (result.kind === 'review') {
    lines.push(
      `  identity removed: ${result.identity.map((term) => `"${term.value}" (${term.source})`).join(', ') || 'none found'}`,
    );
    for (const entry of result.redacted)
      lines.push(`    ${entry.file}: ${entry.count < 0 ? 'left out' : `${entry.count} replaced`}`);
    if (result.residual.length > 0) {
      lines.push(`  identity still present (${result.residual.length}):`);
      for (const found of result.residual)
        lines.push(
          `    ${found.file}${found.line === null ? '' : `:${found.line}`}: "${found.term}"  ${found.excerpt}`,
        );
    }
    lines.push(
      `  authorship commitment ${result.commitment ?? ''}: the salt is kept in your config folder; your camera-ready copy will reveal it`,
    );
  }
  if (result.citationMissing.length > 0)
    lines.push('  CITATION.cff: complete these fields:', ...result.citationMissing.map((line) => `    ${line}`));
  const counts = (['green', 'amber', 'red'] as const).map(
    (status) => `${result.checklist.filter((item) => item.status === status).length} ${status}`,
  );
  lines.push(`  reproducibility checklist: ${counts.join(', ')} (REPRODUCIBILITY.md inside the copy)`);
  for (const item of result.checklist.filter((entry) => entry.status === 'red'))
    lines.push(`    red: ${item.title}: ${item.evidence.join('; ')}`);
  for (const warning of result.warnings) lines.push(`  note: ${warning}`);
  return `${lines.join('\n')}\n`;
}
