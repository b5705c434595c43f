// `reprobundle replay <file>`: verify, rebuild and re-run a bundle in a sandboxed container and
// compare its results with the recorded ones. Exit 0 reproduced, 1 mismatch, failure or failed
// verification, 2 usage, 3 no Docker engine.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { configDir, dataCacheDir, replayWorkRoot } from '../../core/config-dir';
import { connectDocker, resolveDockerEndpoint } from '../../core/docker/engine';
import { DEFAULT_LIMITS } from '../../shared/defaults';
import { probeDocker } from '../../core/docker/docker-status';
import { saveReport, writeReportFiles } from '../../core/replay/report-files';
import { replayBundle } from '../../core/replay/replay-bundle';
import { type ReplayReport } from '../../shared/replay-report';
import { TrustStore } from '../../core/signing/trust-store';
import { progressPrinter } from '../format';
import { collect, optional, parseOptions } from '../options';
import { EXIT } from '../run';
import { cancelOnSignals } from '../signals';
import { resolveTrustedKey } from '../../core/signing/resolve-trusted-key';

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
  baseImage: z.string().min(1).optional(),
  network: z.boolean().default(false),
  cpus: z.coerce.number().positive('must be more than 0').optional(),
  memory: sizeSchema.optional(),
  timeout: z.coerce.number().int().positive('must be a whole number of seconds').optional(),
  sample: z.boolean().default(false),
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
    .option('--base-image <ref>', 'build from this base image instead of the recorded one')
    .option('--network', 'let the run use the network (off by default)')
    .option('--cpus <n>', `CPU limit (default ${DEFAULT_LIMITS.cpus})`)
    .option('--memory <size>', `memory limit, e.g. 8g (default ${DEFAULT_LIMITS.memoryBytes / 1024 ** 3}g)`)
    .option('--timeout <seconds>', 'stop the run after this long (default 3600)')
    .option('--sample', "smoke-test on the bundle's synthetic sample instead of the real data")
    .option('--report <file.html>', 'also write the HTML report here')
    .option(
      '--trust <key>',
      'refuse to build unless signed by this key (public key file, bundle or fingerprint; repeatable)',
      collect,
    )
    .option('--json', 'print the report as JSON')
    .action(async (file: string, raw: unknown) => {
      const options = parseOptions('replay', replayOptionsSchema, raw);
      const endpoint = resolveDockerEndpoint();
      const docker = connectDocker(endpoint);
      const status = await probeDocker(docker, endpoint);
      if (!status.reachable) {
        process.stderr.write(
          `error: no Docker engine answers at ${status.endpoint}: ${status.reason}\n  fix:  ${status.fix}\n  (Install Docker from https://docs.docker.com/engine/install/; DOCKER_HOST selects a remote engine.)\n`,
        );
        process.exitCode = EXIT.noDocker;
        return;
      }
      const trusted = await Promise.all(options.trust.map(resolveTrustedKey));
      const cancel = cancelOnSignals();
      const printer = progressPrinter();
      let report: ReplayReport;
      try {
        report = await replayBundle({
          file: path.resolve(file),
          docker,
          workRoot: replayWorkRoot(),
          cacheDir: dataCacheDir(),
          trust: trusted.map((key) => key.fingerprint),
          trustStore: await TrustStore.load(configDir()),
          network: options.network,
          sample: options.sample,
          limits: {
            cpus: options.cpus ?? DEFAULT_LIMITS.cpus,
            memoryBytes: options.memory ?? DEFAULT_LIMITS.memoryBytes,
            pids: DEFAULT_LIMITS.pids,
          },
          signal: cancel.signal,
          ...optional('dataDir', options.data === undefined ? undefined : path.resolve(options.data)),
          ...optional('baseImage', options.baseImage),
          ...optional('runTimeoutMs', options.timeout === undefined ? undefined : options.timeout * 1000),
          ...(options.json
            ? {}
            : {
                onProgress: printer.update,
                onLog: (source: 'build' | 'run', line: string) => {
                  printer.done();
                  process.stderr.write(`  ${source} | ${line}\n`);
                },
              }),
        });
      } finally {
        printer.done();
        cancel.dispose();
      }
      const files = await writeReportFiles(report);
      let htmlPath = files?.html;
      if (options.report !== undefined) htmlPath = await saveReport(report, files, 'html', options.report);
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(describeReport(report, htmlPath));
      process.exitCode = report.verdict === 'REPRODUCED' || report.verdict === 'SMOKE-PASSED' ? EXIT.ok : EXIT.failure;
    });
}

function describeReport(report: ReplayReport, htmlPath: string | undefined): string {
  const lines = ['', `${report.verdict}: ${report.reason}`];
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
