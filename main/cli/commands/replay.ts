// `reprobundle replay <file>`: verify, rebuild and re-run a bundle in a sandboxed container and
// compare its results with the recorded ones. Exit 0 reproduced, 1 mismatch, failure or failed
// verification, 2 usage, 3 no Docker engine.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../../shared/defaults';
import { OperationFailure } from '../../shared/operation-failure';
import { optional } from '../../shared/optional';
import type { PackageDifference, ReplayReport } from '../../shared/replay-report';
import { changedPackages, packageSummary } from '../../shared/package-summary';
import { verdictLabel } from '../../shared/verdict-label';
import { callOperation } from '../engine';
import { collect, parseOptions } from '../options';
import { EXIT, formatError } from '../run';
import { err, out } from '../output';

const sizeSchema = z.string().transform((value, context) => {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value.trim());
  if (match === null) {
    context.addIssue({ code: 'custom', message: `"${value}" is not a size like 512m or 8g` });
    return z.NEVER;
  }
  const power = ' kmgt'.indexOf((match[2] ?? '').toLowerCase() || ' ');
  return Math.round(Number(match[1]) * 1024 ** power);
});

const replayOptionsSchema = z.object({
  data: z.string().optional(),
  dvcRemote: z.string().optional(),
  baseImage: z.string().min(1).optional(),
  network: z.boolean().default(false),
  cpus: z.coerce.number().positive('must be more than 0').optional(),
  memory: sizeSchema.optional(),
  timeout: z.coerce.number().int().positive('must be a whole number of seconds').optional(),
  sample: z.boolean().default(false),
  strictTolerances: z.boolean().optional(),
  outputsQuota: z.coerce.number().positive('must be more than 0').optional(),
  useShippedDockerfile: z.boolean().default(false),
  rebuild: z.boolean().default(false),
  buildNetwork: z.boolean().default(true),
  report: z.string().optional(),
  trust: z.array(z.string()).default([]),
  json: z.boolean().default(false),
});

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'Verify a bundle, rebuild and re-run it in a sandboxed container, and compare its results metric by metric. Exit 0 reproduced, 1 mismatch or failure, 2 usage, 3 no Docker engine.',
    )
    .argument('<file>', 'the bundle')
    .option('--data <dir>', "folder holding the data at the paths the project uses (e.g. the author's project folder)")
    .option('--dvc-remote <dir>', "a DVC remote on this machine to read the data from (the bundle's own is never read)")
    .option('--base-image <ref>', 'build from this base image instead of the recorded one')
    .option('--network', 'let the run use the network (off by default)')
    .option('--cpus <n>', `CPU limit (default ${DEFAULT_LIMITS.cpus})`)
    .option('--memory <size>', `memory limit, e.g. 8g (default ${DEFAULT_LIMITS.memoryBytes / 1024 ** 3}g)`)
    .option('--timeout <seconds>', 'stop the run after this long (default 3600)')
    .option(
      '--outputs-quota <GB>',
      'stop the run once it has written more than this on disk (default: the setting, 10)',
    )
    .option(
      '--strict-tolerances',
      'fail metrics whose tolerance is too wide to mean anything (default: the setting, off)',
    )
    .option(
      '--no-build-network',
      'build with no network at all (enough when the base image holds every dependency; the build then reaches nothing)',
    )
    .option(
      '--use-shipped-dockerfile',
      "build the bundle's own Dockerfile although it differs from the one generated from its manifest (read the difference first)",
    )
    .option(
      '--rebuild',
      "a frozen bundle: build the image from the recipe instead of running the author's frozen image",
    )
    .option('--sample', "smoke-test on the bundle's synthetic sample instead of the real data")
    .option('--report <file.html>', 'also write the HTML report here (replacing the file there)')
    .option(
      '--trust <key>',
      'refuse to build unless signed by this key (public key file, bundle or fingerprint; repeatable)',
      collect,
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('replay', replayOptionsSchema, raw);
      let result;
      try {
        result = await callOperation(
          'replayBundle',
          {
            file: path.resolve(file),
            trust: options.trust,
            network: options.network,
            sample: options.sample,
            ...optional('cpus', options.cpus),
            ...optional('memoryMB', options.memory === undefined ? undefined : Math.round(options.memory / 1024 ** 2)),
            ...optional('dataDir', options.data === undefined ? undefined : path.resolve(options.data)),
            ...optional('dvcRemoteDir', options.dvcRemote === undefined ? undefined : path.resolve(options.dvcRemote)),
            ...optional('baseImage', options.baseImage),
            ...optional('timeoutSeconds', options.timeout),
            ...optional('strictTolerances', options.strictTolerances),
            ...optional('outputsQuotaGB', options.outputsQuota),
            useShippedDockerfile: options.useShippedDockerfile,
            rebuild: options.rebuild,
            buildNetwork: options.buildNetwork,
          },
          options.json ? { progress: false } : { onLog: (source, line) => err(`  ${source} | ${line}\n`) },
        );
      } catch (error) {
        if (!(error instanceof OperationFailure) || error.code !== 'docker-unreachable') throw error;
        err(
          `${formatError(error)}  (Install Docker from https://docs.docker.com/engine/install/; DOCKER_HOST selects a remote engine.)\n`,
        );
        process.exitCode = EXIT.noDocker;
        return;
      }
      const { report, reportId, reportFiles } = result;
      let htmlPath = reportFiles?.html;
      if (options.report !== undefined) {
        htmlPath = (
          await callOperation(
            'saveReplayReport',
            // Named for this replay: a report from an earlier run at that path is replaced.
            { reportId, format: 'html', output: path.resolve(options.report), overwrite: true },
            { progress: false },
          )
        ).file;
      }
      if (options.json) out(`${JSON.stringify(report, null, 2)}\n`);
      else out(describeReport(report, htmlPath));
      process.exitCode = report.verdict === 'REPRODUCED' || report.verdict === 'SMOKE-PASSED' ? EXIT.ok : EXIT.failure;
    });
}

/** Who signed it and how far they are trusted: said first, before the verdict. */
function describeSigner(report: ReplayReport): string {
  const { signer, trust } = report.verification;
  if (signer === null) return 'Signer: none verified (the signature is not valid)';
  const state =
    trust?.state === 'trusted'
      ? 'trusted'
      : trust?.state === 'known'
        ? 'known, not trusted'
        : trust?.state === 'key-changed'
          ? 'KEY CHANGED: this name signed earlier bundles with another key'
          : 'UNKNOWN signer: compare the key with the one the author published';
  return `Signed by "${signer.name}", key ${signer.fingerprintDisplay}: ${state}`;
}

function describeReport(report: ReplayReport, htmlPath: string | undefined): string {
  const lines = ['', describeSigner(report), `${verdictLabel(report)}: ${report.reason}`];
  const warnings = report.warnings ?? [];
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings.map((warning) => `  ! ${warning}`));
  if (report.metrics.length > 0) {
    lines.push('');
    for (const metric of report.metrics) {
      const allowed = metric.allowed === null ? 'exact' : `±${metric.allowed.toPrecision(3)}`;
      lines.push(
        `  ${metric.passed ? '✔' : '✘'} ${metric.name}: recorded ${String(metric.recorded)}, obtained ${String(metric.obtained ?? '—')}${metric.difference === null ? '' : `, difference ${metric.difference.toPrecision(3)}`} (${allowed})`,
      );
    }
  }
  const risky = report.hardware.filter((entry) => entry.severity === 'may-change-results');
  if (risky.length > 0) {
    lines.push('', 'Hardware differences that can change numbers:');
    for (const entry of risky)
      lines.push(`  ${entry.aspect}: recorded ${entry.recorded}; here ${entry.current}. ${entry.note}`);
  }
  const packages: PackageDifference | null = report.packages ?? null;
  if (packages !== null) {
    lines.push('', `${packageSummary(packages)}${packages.changed.length > 0 ? ':' : '.'}`);
    lines.push(...changedPackages(packages).map((line) => `  ${line}`));
  }
  if (report.verdict === 'FAILED' && report.buildLogTail.length > 0 && report.run === null) {
    lines.push('', 'Build log (last lines):', ...report.buildLogTail.slice(-15).map((line) => `  ${line}`));
  }
  if (report.verdict === 'FAILED' && report.run !== null && report.run.stderrTail.trim() !== '') {
    lines.push(
      '',
      'Run errors (last lines):',
      ...report.run.stderrTail
        .split('\n')
        .slice(-15)
        .map((line) => `  ${line}`),
    );
  }
  if (htmlPath !== undefined) lines.push('', `Report: ${htmlPath}`);
  if (report.workDir !== null) lines.push(`JSON report (for \`reprobundle attest\`): ${report.workDir}/report.json`);
  return `${lines.join('\n')}\n`;
}
