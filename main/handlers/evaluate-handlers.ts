// Handler for batch evaluation (`reprobundle evaluate`): the engine in use, the user's trust
// store and limits, each row streamed as a progress event as soon as it is known.
import path from 'node:path';
import { evaluateBundles } from '../core/evaluate/evaluate-bundles';
import { requireSlurm, type SlurmOptions } from '../core/evaluate/slurm-replayer';
import { ReproError } from '../core/errors';
import { listKeys } from '../core/signing/key-store';
import type { EngineContext } from '../core/engine';
import { DEFAULT_LIMITS } from '../shared/defaults';
import { optional } from '../shared/optional';
import type { GroupOperations } from './handler-groups';
import type { HandlerGroup } from './handler-types';

export function evaluateHandlers(context: EngineContext): HandlerGroup<GroupOperations<'evaluate'>> {
  return {
    evaluateBundles: async (request, { signal, progress }) => {
      const slurm = request.engine === 'slurm' ? await slurmOptions(context, request.slurm ?? {}) : undefined;
      // On Slurm the nodes run the engine: this machine (a login node) may have none.
      const docker = slurm === undefined ? await context.reachableEngine() : (await context.engine()).docker;
      const settings = await context.settings();
      const { rows, files } = await evaluateBundles({
        inputs: request.inputs.map((input) => path.resolve(input)),
        outDir: path.resolve(request.outDir),
        jobs: request.jobs,
        docker,
        workRoot: context.workRoot(),
        cacheDir: context.cacheDir(),
        trustStore: await context.trustStore(),
        replay: {
          ownKeys: (await listKeys(context.configDir())).map((key) => key.fingerprint),
          strictTolerances: request.strictTolerances ?? settings.strictTolerances,
          limits: {
            cpus: request.cpus ?? DEFAULT_LIMITS.cpus,
            memoryBytes: request.memoryMB === undefined ? DEFAULT_LIMITS.memoryBytes : request.memoryMB * 1024 * 1024,
            pids: DEFAULT_LIMITS.pids,
          },
          ...optional('dataDir', request.dataDir === undefined ? undefined : path.resolve(request.dataDir)),
          ...optional('baseImage', request.baseImage),
          ...optional('runTimeoutMs', request.timeoutSeconds === undefined ? undefined : request.timeoutSeconds * 1000),
        },
        ...optional('slurm', slurm),
        signal,
        onProgress: progress,
        // Each row as a log line (`VERDICT<TAB>file`): the GUI's table fills in as they come.
        onRow: (row) => progress({ phase: 'row', log: { source: 'run', line: `${row.verdict}\t${row.file}` } }),
      });
      return { rows, summary: files };
    },
  };
}

/**
 * How jobs run ReproBundle on a node: REPROBUNDLE_CLI (a command line) when set, else this very
 * CLI (the node shares the file system, as cluster nodes do), with the engine, config, work and
 * cache folders of this evaluation in the jobs' environment.
 */
async function slurmOptions(
  context: EngineContext,
  request: { partition?: string | undefined; timeLimitMinutes?: number | undefined },
): Promise<Omit<SlurmOptions, 'jobsDir'>> {
  const { endpoint } = await context.engine();
  const env: NodeJS.ProcessEnv = {
    ...context.env,
    REPROBUNDLE_CONFIG_DIR: context.configDir(),
    REPROBUNDLE_WORK_DIR: context.workRoot(),
    REPROBUNDLE_CACHE_DIR: context.cacheDir(),
    DOCKER_HOST: endpoint.description,
  };
  await requireSlurm(env);
  const given = context.env['REPROBUNDLE_CLI']?.trim();
  const script = process.argv[1];
  const command =
    given !== undefined && given !== ''
      ? given.split(/\s+/)
      : script !== undefined && /cli\.[cm]?js$/.test(script)
        ? [process.execPath, script]
        : undefined;
  if (command === undefined)
    throw new ReproError({
      code: 'slurm-command-unknown',
      kind: 'usage',
      message: 'The Slurm engine needs to know how the nodes run ReproBundle, and this program is not its CLI.',
      fix: 'Set REPROBUNDLE_CLI to the command that runs `reprobundle` on the nodes (e.g. /opt/reprobundle/bin/reprobundle), or run `reprobundle evaluate --engine slurm` from the CLI.',
    });
  return {
    command,
    env,
    ...optional('partition', request.partition),
    ...optional('timeLimitMinutes', request.timeLimitMinutes),
  };
}
