// `reprobundle create <dir> -o <file.rbundle>`: scan, check, archive, sign, write atomically
// (through the createBundle operation; with --preflight, a preflightRun first).
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatBytes, plural } from '../../shared/format';
import { BUNDLE_EXTENSION } from '../../shared/layout';
import { optional } from '../../shared/optional';
import type { ToleranceOverride } from '../../shared/views';
import { callOperation } from '../engine';
import { collect, megabytesSchema, parseOptions, passphraseFromEnv } from '../options';
import { usageError } from '../run';
import { err, out } from '../output';

const pointerSchema = z.string().transform((value, context): { uri: string; localPath: string } => {
  const at = value.lastIndexOf('=');
  if (at <= 0 || at === value.length - 1) {
    context.addIssue({ code: 'custom', message: `"${value}" is not <uri>=<local path>` });
    return z.NEVER;
  }
  return { uri: value.slice(0, at), localPath: value.slice(at + 1) };
});

const toleranceSchema = z.string().transform((value, context): ToleranceOverride => {
  const match = /^(.+)=(abs|rel):([0-9.eE+-]+)$/.exec(value);
  const amount = Number(match?.[3]);
  if (match === null || !Number.isFinite(amount) || amount < 0) {
    context.addIssue({ code: 'custom', message: `"${value}" is not <metric>=abs:<number> or <metric>=rel:<number>` });
    return z.NEVER;
  }
  return match[2] === 'abs'
    ? { metric: match[1] as string, absolute: amount }
    : { metric: match[1] as string, relative: amount };
});

const createOptionsSchema = z.object({
  output: z.string({ error: 'is required: where to write the bundle' }).min(1),
  run: z.string().min(1).optional(),
  results: z.array(z.string()).optional(),
  pointer: z.array(pointerSchema).default([]),
  exclude: z.array(z.string()).default([]),
  allowSecret: z.array(z.string()).default([]),
  tolerance: z.array(toleranceSchema).default([]),
  extra: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an extra is a name, e.g. gpu')).default([]),
  requirements: z.string().min(1).optional(),
  key: z.string().optional(),
  largeFileMb: megabytesSchema.default(50),
  hardware: z.boolean().default(true),
  baseImage: z.string().min(1).optional(),
  sample: z.array(z.string()).default([]),
  sampleAll: z.boolean().default(false),
  preflight: z.boolean().default(false),
  runs: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
  data: z.string().optional(),
  dvcRemote: z.string().optional(),
  force: z.boolean().default(false),
  freeze: z.boolean().default(false),
  json: z.boolean().default(false),
});

export function registerCreate(program: Command): void {
  program
    .command('create')
    .description('Create a signed bundle from a project folder.')
    .argument('<dir>', 'project folder')
    .requiredOption('-o, --output <file.rbundle>', 'where to write the bundle')
    .option('--force', 'replace the file at --output if there is one (it is never replaced otherwise)')
    .option('--run <command>', 'the command that reproduces the result (default: the first proposal)')
    .option('--results <path>', 'results file with the metrics (repeatable)', collect)
    .option(
      '--pointer <uri=path>',
      'data kept outside the bundle: where to get it = where the project reads it (repeatable)',
      collect,
    )
    .option('--exclude <pattern>', 'leave out files matching a gitignore-style pattern (repeatable)', collect)
    .option(
      '--tolerance <metric=abs|rel:value>',
      'how far a replayed metric may differ, e.g. eval.accuracy=abs:0.005 (repeatable; default rel:0.001 for non-integers)',
      collect,
    )
    .option(
      '--requirements <file>',
      'the requirements file pip installs (relative to the project), when not the one `scan` chose (e.g. requirements-gpu.txt)',
    )
    .option(
      '--extra <name>',
      "install the project's extra <name> with it (pyproject's optional dependencies; repeatable; `scan` lists them)",
      collect,
    )
    .option(
      '--allow-secret <path>',
      'bundle this file although it looks like a secret; recorded in the manifest (repeatable)',
      collect,
    )
    .option('--key <file>', 'private key to sign with (default: the key `reprobundle keygen` made)')
    .option('--large-file-mb <MB>', 'files above this size become data pointers', '50')
    .option('--no-hardware', "do not record this machine's hardware")
    .option(
      '--base-image <ref>',
      'base image for the generated Dockerfile (default: from the detected Python version, pinned by digest when pulled)',
    )
    .option(
      '--sample <dataset>',
      'ship a privacy-safe synthetic sample of this CSV/TSV/JSON Lines dataset (project-relative path; repeatable), so a reviewer without the data can smoke-test the pipeline',
      collect,
    )
    .option('--sample-all', 'ship a synthetic sample of every dataset `scan` lists as possible')
    .option('--preflight', 'build and run the bundle in a container before signing, and record the results of that run')
    .option(
      '--runs <n>',
      'with --preflight: run it n times and report which metrics vary (n ≥ 2 implies --preflight)',
      '1',
    )
    .option(
      '--freeze',
      'build the replay image now and store it in the bundle, so it replays years later with no registry or package index (the bundle grows by the compressed image)',
    )
    .option('--data <dir>', 'with --preflight: folder holding the data kept outside the bundle')
    .option('--dvc-remote <dir>', 'with --preflight: a DVC remote on this machine to read the data from')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nSet SOURCE_DATE_EPOCH for a byte-identical bundle from the same project and key, and\nREPROBUNDLE_PASSPHRASE when the key is encrypted.',
    )
    .action(async (dir: string, raw: unknown) => {
      const options = parseOptions('create', createOptionsSchema, raw);
      const epoch = process.env['SOURCE_DATE_EPOCH'];
      if (epoch !== undefined && !/^\d+$/.test(epoch)) {
        throw usageError(
          'invalid-option',
          `SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}".`,
          'Set it with `export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`.',
        );
      }
      if (!options.output.endsWith(BUNDLE_EXTENSION))
        err(`note: bundles are usually named *${BUNDLE_EXTENSION} so the app opens them on double-click\n`);
      const content = {
        projectDir: path.resolve(dir),
        pointers: options.pointer,
        exclude: options.exclude,
        allowSecrets: options.allowSecret,
        tolerances: options.tolerance,
        extras: options.extra,
        ...optional('requirements', options.requirements),
        samples: options.sample,
        sampleAll: options.sampleAll,
        largeFileMB: options.largeFileMb,
        hardware: options.hardware,
        ...optional('run', options.run),
        ...optional('baseImage', options.baseImage),
        ...optional('results', options.results),
      };
      const key = {
        ...optional('keyFile', options.key === undefined ? undefined : path.resolve(options.key)),
        ...optional('passphrase', passphraseFromEnv()),
      };
      const printing = { progress: !options.json };
      let preflightId: string | undefined;
      if (options.preflight || options.runs > 1) {
        const checked = await callOperation(
          'preflightRun',
          {
            content,
            runs: options.runs,
            ...optional('dataDir', options.data === undefined ? undefined : path.resolve(options.data)),
            ...optional('dvcRemoteDir', options.dvcRemote === undefined ? undefined : path.resolve(options.dvcRemote)),
          },
          {
            ...printing,
            ...(options.json ? {} : { onLog: (source, line) => err(`  preflight ${source} | ${line}\n`) }),
          },
        );
        preflightId = checked.preflightId;
      }
      const result = await callOperation(
        'createBundle',
        {
          content,
          output: path.resolve(options.output),
          overwrite: options.force,
          freeze: options.freeze,
          ...key,
          ...optional('preflightId', preflightId),
          ...optional('sourceDateEpoch', epoch === undefined ? undefined : Number(epoch)),
        },
        printing,
      );
      if (options.json) {
        out(
          `${JSON.stringify({ file: result.file, bytes: result.bytes, files: result.files, signer: result.signer }, null, 2)}\n`,
        );
        return;
      }
      const summary = result.summary;
      const preflight = summary.preflight;
      out(
        [
          `Created ${options.output} (${formatBytes(result.bytes)}, ${plural(result.files, 'project file')})`,
          `  signed by ${result.signer.name}, key ${result.signer.fingerprintDisplay}`,
          ...(result.frozenImage === null
            ? []
            : [
                `  frozen image: ${result.frozenImage.config.digest} (${result.frozenImage.platform.os}/${result.frozenImage.platform.architecture}, ${plural(result.frozenImage.layers.length, 'layer')}, ${formatBytes(result.frozenImage.size)} uncompressed)`,
              ]),
          `  entrypoint: ${result.entrypoint === null ? 'none (give one with --run)' : `${result.entrypoint.command} [${result.entrypoint.source}]`}`,
          `  results: ${plural(result.metrics.length, 'metric')}${summary.resultsFiles.length > 0 ? ` from ${summary.resultsFiles.join(', ')}` : ''}`,
          `  data pointers: ${summary.dataPointers}; left out: ${summary.exclusions}; secret overrides: ${summary.secretOverrides}`,
          ...summary.samples.map(
            (sample) => `  synthetic sample of ${sample.dataset}: ${sample.rows} rows; ${sample.summary}`,
          ),
          ...(preflight === null
            ? []
            : [
                `  pre-flight: ${plural(preflight.runs, 'run')} in the container passed; results recorded from the first`,
                ...(preflight.varying.length === 0
                  ? preflight.runs > 1
                    ? ['  every metric came out the same in every run']
                    : []
                  : preflight.varying.map(
                      (v) =>
                        `  varies: ${v.name} from ${v.min} to ${v.max}; tolerance set to ±${(2 * (v.max - v.min)).toPrecision(3)}`,
                    )),
                ...(preflight.entrypoints ?? []).map(
                  (check) =>
                    `  ${check.runnable ? 'can run in the image' : 'cannot run in the image'}: ${check.command}${check.runnable ? '' : ` (${check.detail.split('\n').join('; ')})`}`,
                ),
              ]),
          '',
        ].join('\n'),
      );
      for (const warning of result.warnings) err(`warning: ${warning}\n`);
      if (result.baseImagePresent === false)
        err(
          `warning: the base image the Dockerfile starts from is not on this machine's Docker engine: a pre-flight or replay must pull it from its registry, which fails offline. Choose a local image with --base-image, or pull or build it first.\n`,
        );
    });
}
