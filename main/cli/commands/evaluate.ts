// `reprobundle evaluate <folder | list.txt | bundle…>`: replays every bundle (an artifact-evaluation
// committee's season, a lab's nightly check) on the engine in use, up to --jobs at a time, each
// with its JSON and HTML report in --out, and a summary (summary.csv, .json, .html). Running it
// again resumes; with --engine slurm the replays are the tasks of one Slurm array job. Exit 0 when every bundle
// reproduced, 1 otherwise, 2 usage, 3 no engine or scheduler.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { plural } from '../../shared/format';
import { OperationFailure } from '../../shared/operation-failure';
import { optional } from '../../shared/optional';
import { callOperation } from '../engine';
import { parseOptions } from '../options';
import { EXIT, formatError } from '../run';
import { err, out } from '../output';

const evaluateOptionsSchema = z.object({
  engine: z.enum(['local', 'slurm'], {
    error: 'must be local (the Docker-API engine in use) or slurm (a job per bundle on the Slurm cluster)',
  }),
  partition: z.string().min(1).optional(),
  timeLimit: z.coerce.number().int('must be a whole number of minutes').min(1, 'must be at least 1').optional(),
  jobs: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(64).default(1),
  out: z.string({ error: 'is required: the folder for the reports and the summary' }).min(1),
  data: z.string().optional(),
  baseImage: z.string().min(1).optional(),
  strictTolerances: z.boolean().optional(),
  json: z.boolean().default(false),
});

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Replay many bundles and summarise them (summary.csv, summary.json, summary.html in --out). Resumable. Exit 0 when all reproduced, 1 otherwise, 2 usage, 3 no engine or scheduler.',
    )
    .argument('<bundles...>', 'a folder of bundles, a text file listing bundles (one per line), or bundle files')
    .requiredOption('--out <dir>', 'where the reports and the summary go (also what a later run resumes from)')
    .option(
      '--engine <local|slurm>',
      'local: the Docker-API engine in use (Docker, Podman’s socket, tcp:// or ssh://); slurm: one Slurm array job (sbatch --array, --jobs its throttle), each task a replay on a node against the engine there (same DOCKER_HOST)',
      'local',
    )
    .option('--partition <name>', 'with --engine slurm: the partition to submit to (default: the cluster’s)')
    .option(
      '--time-limit <minutes>',
      'with --engine slurm: the time limit of each job (a job past it is retried next run)',
    )
    .option('--jobs <n>', 'replays at once (default 1)')
    .option('--data <dir>', 'folder holding the data the bundles point to, at their paths')
    .option('--base-image <ref>', 'build every bundle from this base image instead of the recorded one')
    .option('--strict-tolerances', 'tolerances too wide to certify anything fail their metric')
    .option('--json', 'print the rows as JSON')
    .action(async (inputs: string[], raw: unknown) => {
      const options = parseOptions('evaluate', evaluateOptionsSchema, raw);
      let result;
      try {
        result = await callOperation(
          'evaluateBundles',
          {
            inputs: inputs.map((input) => path.resolve(input)),
            outDir: path.resolve(options.out),
            jobs: options.jobs,
            ...optional('dataDir', options.data === undefined ? undefined : path.resolve(options.data)),
            ...optional('baseImage', options.baseImage),
            ...optional('strictTolerances', options.strictTolerances),
            engine: options.engine,
            ...(options.engine === 'slurm'
              ? {
                  slurm: {
                    ...optional('partition', options.partition),
                    ...optional('timeLimitMinutes', options.timeLimit),
                  },
                }
              : {}),
          },
          { progress: !options.json },
        );
      } catch (error) {
        if (
          !(error instanceof OperationFailure) ||
          (error.code !== 'docker-unreachable' && error.code !== 'scheduler-unreachable')
        )
          throw error;
        err(`${formatError(error)}\n`);
        process.exitCode = EXIT.noDocker;
        return;
      }
      const { rows, summary } = result;
      if (options.json) out(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        const width = Math.max(...rows.map((row) => row.verdict.length), 7);
        out(
          [
            ...rows.map(
              (row) =>
                `${row.verdict.padEnd(width)}  ${row.file}${row.reused ? '  (from the earlier evaluation)' : ''}${row.firstError === null ? '' : `\n${' '.repeat(width + 2)}${row.firstError}`}`,
            ),
            '',
            `${rows.filter((row) => row.verdict === 'REPRODUCED').length} of ${plural(rows.length, 'bundle')} reproduced. Summary: ${summary.html} (also summary.csv, summary.json)`,
            '',
          ].join('\n'),
        );
      }
      process.exitCode = rows.length > 0 && rows.every((row) => row.verdict === 'REPRODUCED') ? EXIT.ok : EXIT.failure;
    });
}
