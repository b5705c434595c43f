// `reprobundle status`: what this machine offers for replaying bundles (the home screen's
// environment panel, on the command line). Exits 1 when no Docker engine answers.
import type { Command } from 'commander';
import { z } from 'zod';
import { callOperation } from '../engine';
import { parseOptions } from '../options';
import { EXIT } from '../run';
import { out } from '../output';

const statusOptionsSchema = z.object({ json: z.boolean().default(false) });

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Check whether a Docker engine is reachable for replaying bundles.')
    .option('--json', 'print the status as JSON')
    .action(async (raw: unknown) => {
      const options = parseOptions('status', statusOptionsSchema, raw);
      const status = await callOperation('environmentStatus', {}, { progress: false });
      if (options.json) {
        out(`${JSON.stringify(status, null, 2)}\n`);
      } else if (status.docker.reachable) {
        const { version, apiVersion, os, arch, endpoint } = status.docker;
        out(`Docker engine: reachable at ${endpoint} (version ${version}, API ${apiVersion}, ${os}/${arch})\n`);
      } else {
        const { endpoint, reason, fix } = status.docker;
        out(`Docker engine: NOT reachable at ${endpoint}\n  reason: ${reason}\n  fix:    ${fix}\n`);
      }
      if (!status.docker.reachable) process.exitCode = EXIT.failure;
    });
}
