// `reprobundle verify <file>`: checks archive, signature and every file; says who signed it and
// whether that signer is trusted. Exit 0 valid (and trusted when --trust is given), 1 failed, 2
// usage or I/O error.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatBytes, formatFingerprint, plural } from '../../shared/format';
import type { VerificationReportView } from '../../shared/verification';
import { callOperation } from '../engine';
import { collect, parseOptions } from '../options';
import { EXIT } from '../run';
import { out } from '../output';

const verifyOptionsSchema = z.object({ trust: z.array(z.string()).default([]), json: z.boolean().default(false) });

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'Check who signed a bundle and that nothing in it changed. Exit 0 valid, 1 failed, 2 usage or I/O error.',
    )
    .argument('<file>', 'the bundle')
    .option(
      '--trust <key>',
      'a public key file, bundle or fingerprint to trust for this check; exit 1 unless the signer is one of them (repeatable)',
      collect,
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('verify', verifyOptionsSchema, raw);
      const report = await callOperation(
        'verifyBundle',
        { file: path.resolve(file), trust: options.trust, remember: false },
        { progress: !options.json },
      );
      const passed = report.valid && (options.trust.length === 0 || report.trusted);
      if (options.json) {
        const { manifest, bytes: _bytes, ...rest } = report;
        out(
          `${JSON.stringify({ ...rest, passed, manifest: manifest === null ? null : { createdAt: manifest.createdAt, signer: manifest.signer, project: manifest.project } }, null, 2)}\n`,
        );
      } else {
        out(describeReport(report, options.trust.length > 0));
      }
      process.exitCode = passed ? EXIT.ok : EXIT.failure;
    });
}

function describeReport(report: VerificationReportView, trustRequired: boolean): string {
  const lines: string[] = [];
  const { signature } = report;
  if (signature.valid && signature.signer !== null) {
    lines.push(`✔ signature valid: signed by "${signature.signer.name}", key ${signature.signer.fingerprintDisplay}`);
    const trust = signature.trust;
    if (trust?.state === 'trusted') lines.push(`✔ signer trusted (${trust.since})`);
    if (trust?.state === 'known')
      lines.push(
        `  signer known but not trusted: this key signed bundles you checked before (first seen ${trust.firstSeen})`,
      );
    if (trust?.state === 'unknown') {
      lines.push('  valid signature, UNKNOWN signer: compare the key above with the one the author published, then');
      lines.push(`  trust it: reprobundle trust add ${report.file} --name "${signature.signer.name}"`);
    }
    if (trust?.state === 'key-changed') {
      lines.push('');
      lines.push(`!!! WARNING: "${signature.signer.name}" signed earlier bundles with a DIFFERENT key:`);
      for (const fingerprint of trust.previousFingerprints) lines.push(`!!!   ${formatFingerprint(fingerprint)}`);
      lines.push(
        '!!! This bundle may come from someone else using their name. Confirm the new key with the author before trusting it.',
      );
      lines.push('');
    }
  } else {
    lines.push(`✘ signature NOT valid: ${signature.reason ?? 'unknown reason'}`);
  }
  if (report.problems.length === 0) {
    lines.push(
      `✔ ${plural(report.checked.files, 'file')} intact (${formatBytes(report.checked.bytes)}): exactly the files the manifest lists`,
    );
    lines.push(
      trustRequired && !report.trusted
        ? 'VALID, but NOT signed by a key you passed with --trust'
        : report.trusted
          ? 'VALID and TRUSTED'
          : 'VALID',
    );
  } else {
    lines.push(`✘ verification FAILED (${plural(report.problems.length, 'problem')}):`);
    for (const problem of report.problems) lines.push(`  - ${problem}`);
    lines.push('Do not replay this bundle. Ask the author for a fresh copy.');
  }
  return `${lines.join('\n')}\n`;
}
