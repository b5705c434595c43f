// `reprobundle scan <dir>`: shows what `create` would take, leave out and refuse, without
// writing anything. Exits 1 when create would refuse (secrets), 0 otherwise.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { ScanSummary } from '../../shared/views';
import { callOperation } from '../engine';
import { formatBytes, plural } from '../../shared/format';
import { optional } from '../../shared/optional';
import { collect, megabytesSchema, parseOptions } from '../options';
import { EXIT } from '../run';
import { out } from '../output';

const scanOptionsSchema = z.object({
  json: z.boolean().default(false),
  exclude: z.array(z.string()).default([]),
  results: z.array(z.string()).optional(),
  largeFileMb: megabytesSchema.default(50),
  hardware: z.boolean().default(true),
});

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Show what `create` would put in a bundle for this project folder, and what it would refuse.')
    .argument('<dir>', 'project folder')
    .option('--exclude <pattern>', 'leave out files matching a gitignore-style pattern (repeatable)', collect)
    .option('--results <path>', 'results file to record (repeatable; default: DVC metrics or metrics.json…)', collect)
    .option('--large-file-mb <MB>', 'files above this size become data pointers', '50')
    .option('--no-hardware', "do not record this machine's hardware")
    .option('--json', 'print the full scan as JSON')
    .action(async (dir: string, raw: unknown) => {
      const options = parseOptions('scan', scanOptionsSchema, raw);
      const scan = await callOperation(
        'scanProject',
        {
          projectDir: path.resolve(dir),
          exclude: options.exclude,
          ...optional('results', options.results),
          largeFileMB: options.largeFileMb,
          hardware: options.hardware,
        },
        { progress: false },
      );
      out(options.json ? `${JSON.stringify(scan, null, 2)}\n` : describeScan(scan));
      if (scan.secrets.some((secret) => secret.severity === 'block')) process.exitCode = EXIT.failure;
    });
}

export function describeScan(scan: ScanSummary): string {
  const lines: string[] = [];
  const add = (line = ''): number => lines.push(line);
  add(`Project ${scan.name} (${scan.root})`);
  if (scan.git !== null) {
    add(
      `  git: ${scan.git.branch ?? 'detached'} @ ${scan.git.commit?.slice(0, 12) ?? 'no commits'}${scan.git.remote === null ? '' : `, remote ${scan.git.remote}`}, ${plural(scan.git.changes.length, 'uncommitted change')}`,
    );
  }
  add(`  files to embed: ${plural(scan.totals.files, 'file')}, ${formatBytes(scan.totals.bytes)}`);
  const reasons = new Map<string, string[]>();
  for (const excluded of scan.excluded)
    reasons.set(excluded.reason, [...(reasons.get(excluded.reason) ?? []), excluded.path]);
  if (reasons.size > 0) {
    add(`  left out (${scan.excluded.length}):`);
    for (const [reason, paths] of reasons)
      add(`    ${reason}: ${paths.slice(0, 4).join(', ')}${paths.length > 4 ? `, and ${paths.length - 4} more` : ''}`);
  }
  for (const link of scan.links.filter((entry) => entry.outcome === 'stored-as-file'))
    add(`  link ${link.path} -> ${link.target}: stored as the file it points to`);
  if (scan.largeFiles.length > 0) {
    add(`  large files (become data pointers, not embedded):`);
    for (const file of scan.largeFiles) add(`    ${file.path} (${formatBytes(file.size)})`);
  }
  if (scan.dataPointers.length > 0) {
    add(`  data pointers:`);
    for (const pointer of scan.dataPointers) {
      const size = pointer.size === null ? '' : `, ${formatBytes(pointer.size)}`;
      const count = pointer.nfiles === null || !pointer.isDirectory ? '' : `, ${plural(pointer.nfiles, 'file')}`;
      add(
        `    ${pointer.path} (${pointer.source}${size}${count}${pointer.remote === null ? '' : `, remote ${pointer.remote.name} ${pointer.remote.url}`})`,
      );
    }
  }
  add(
    `  params: ${plural(scan.params.values.length, 'value')} from ${scan.params.files.join(', ') || 'no params files'}`,
  );
  for (const value of scan.params.values.slice(0, 8))
    add(`    ${value.key} = ${JSON.stringify(value.value)}  (${value.file})`);
  if (scan.params.values.length > 8) add(`    … and ${scan.params.values.length - 8} more (--json lists all)`);
  add(
    `  environment: ${scan.environment.files.map((file) => file.path).join(', ') || 'none found'}${scan.environment.runtimes.map((runtime) => `; ${runtime.language} ${runtime.version} (${runtime.source})`).join('')}`,
  );
  if (scan.hardware !== null) {
    const gpus =
      scan.hardware.gpus.length === 0
        ? 'no GPU'
        : scan.hardware.gpus
            .map(
              (gpu) => `${gpu.vendor} ${gpu.model}${gpu.vramMB === null ? '' : ` ${Math.round(gpu.vramMB / 1024)} GB`}`,
            )
            .join(', ');
    add(
      `  hardware: ${scan.hardware.cpu.model} (${scan.hardware.cpu.cores} cores), ${formatBytes(scan.hardware.memoryBytes)} memory, ${gpus}; ${scan.hardware.os.distro} ${scan.hardware.os.arch}`,
    );
  }
  add(
    `  entrypoint: ${scan.entrypointProposals.map((proposal) => `${proposal.command} (${proposal.source})`).join('; ') || 'none proposed: give it with --run'}`,
  );
  add(
    `  results: ${scan.results.metrics.map((metric) => `${metric.name} = ${JSON.stringify(metric.value)}`).join(', ') || 'none found: name the file with --results'}`,
  );
  if (scan.sampleCandidates.length > 0) {
    add(
      `  synthetic samples possible for: ${scan.sampleCandidates.join(', ')} (create --sample <path>, or --sample-all)`,
    );
  }

  const findings = [...scan.environment.findings, ...scan.findings];
  if (findings.length > 0) {
    add();
    add(`Findings (${findings.length}):`);
    for (const finding of findings) {
      add(
        `  ${finding.severity}: ${finding.file === null ? '' : `${finding.file}${finding.line === null ? '' : `:${finding.line}`}: `}${finding.message}`,
      );
      if (finding.fix !== null) add(`    fix: ${finding.fix}`);
    }
  }
  const blocking = scan.secrets.filter((secret) => secret.severity === 'block');
  const warnings = scan.secrets.filter((secret) => secret.severity === 'warn');
  if (warnings.length > 0) {
    add();
    for (const secret of warnings)
      add(`warning: ${secret.path}: ${secret.description} [${secret.rule}]: check it holds no password`);
  }
  if (blocking.length > 0) {
    add();
    add(`create would REFUSE: ${plural(blocking.length, 'secret')} found:`);
    for (const secret of blocking)
      add(`  ${secret.path}${secret.line === null ? '' : `:${secret.line}`}: ${secret.description} [${secret.rule}]`);
    add(
      '  fix: exclude each file (--exclude <path> or .reproignore), or keep one that is not a secret with --allow-secret <path>.',
    );
  }
  return `${lines.join('\n')}\n`;
}
