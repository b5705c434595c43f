// `evaluate --engine slurm` (issue 20): each bundle's replay is a Slurm job — the cluster an HPC
// group already has — that runs ReproBundle's own `replay --json` on a node, against the engine
// the node offers (Podman's or Docker's socket, the same DOCKER_HOST). Submitted with `sbatch`,
// followed with `squeue` and `scontrol`, cancelled with `scancel` (the job's SIGTERM cancels the
// replay, which removes its container). A job that ends without a report (time limit, node
// failure, cancelled by an operator) is an infrastructure failure: an ERROR row, tried again the
// next time the evaluation runs.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from '../../shared/error-text';
import { replayReportSchema, type ReplayReport } from '../../shared/replay-report';
import { CancelledError, ReproError } from '../errors';
import type { ReplayOptions } from '../replay/replay-bundle';

const run = promisify(execFile);

export interface SlurmOptions {
  /** How a node runs ReproBundle's CLI: the executable and its first arguments. */
  command: readonly string[];
  /** The environment every job gets (the engine, the config, work and cache folders). */
  env: NodeJS.ProcessEnv;
  /** Where each job's report and log are kept (inside the evaluation's output folder). */
  jobsDir: string;
  partition?: string;
  /** Slurm's time limit per job, in minutes. */
  timeLimitMinutes?: number;
  pollMs?: number;
}

/** Slurm's job states that end a job without it having run to its own end. */
const INFRASTRUCTURE_STATES = new Set([
  'TIMEOUT',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  'OUT_OF_MEMORY',
  'CANCELLED',
]);

/** Fails with a ReproError (no scheduler) when Slurm's commands do not answer here. */
export async function requireSlurm(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run('squeue', ['-h', '-u', 'nobody'], { env, timeout: 15_000 });
  } catch (error) {
    throw new ReproError({
      code: 'scheduler-unreachable',
      message: `No Slurm controller answers (squeue: ${errorMessage(error).split('\n')[0] ?? ''}).`,
      fix: 'Run this on a machine of the cluster (a login node) where sbatch and squeue work, or evaluate on the local engine.',
    });
  }
}

/** The CLI options of `replay` that carry an evaluation's verdict-affecting options to a node. */
export function replayArguments(replay: EvaluateReplayOptions): string[] {
  return [
    ...(replay.dataDir === undefined ? [] : ['--data', replay.dataDir]),
    ...(replay.baseImage === undefined ? [] : ['--base-image', replay.baseImage]),
    ...(replay.limits === undefined
      ? []
      : ['--cpus', String(replay.limits.cpus), '--memory', `${Math.round(replay.limits.memoryBytes / 1024 ** 2)}m`]),
    ...(replay.strictTolerances === true ? ['--strict-tolerances'] : []),
    ...(replay.runTimeoutMs === undefined ? [] : ['--timeout', String(Math.ceil(replay.runTimeoutMs / 1000))]),
  ];
}

export type EvaluateReplayOptions = Pick<
  ReplayOptions,
  'dataDir' | 'baseImage' | 'limits' | 'strictTolerances' | 'runTimeoutMs'
>;

let jobCounter = 0;

/** Replays one bundle as a Slurm job and returns the report the job wrote. */
export async function replayOnSlurm(
  file: string,
  replay: EvaluateReplayOptions,
  options: SlurmOptions,
  signal?: AbortSignal,
): Promise<ReplayReport> {
  await mkdir(options.jobsDir, { recursive: true });
  jobCounter += 1;
  const base = path.join(options.jobsDir, `${path.basename(file)}-${process.pid}-${jobCounter}`);
  const command = [...options.command, 'replay', file, '--json', ...replayArguments(replay)];
  // The job's shell line: every word quoted; the report goes to a file, the log to Slurm's output.
  const line = `${command.map(shellQuote).join(' ')} > ${shellQuote(`${base}.json`)}`;
  let submitted: string;
  try {
    submitted = (
      await run(
        'sbatch',
        [
          '--parsable',
          '--job-name=reprobundle-replay',
          `--output=${base}.log`,
          ...(options.partition === undefined ? [] : [`--partition=${options.partition}`]),
          ...(options.timeLimitMinutes === undefined ? [] : [`--time=${options.timeLimitMinutes}`]),
          '--wrap',
          line,
        ],
        { env: options.env, timeout: 60_000 },
      )
    ).stdout;
  } catch (error) {
    throw new ReproError({
      code: 'slurm-submit-failed',
      message: `sbatch refused the replay of ${file}: ${errorMessage(error).split('\n').slice(-2).join(' ')}`,
      fix: 'Check the partition and time limit are allowed on this cluster (sinfo lists them).',
      file,
    });
  }
  const jobId = submitted.trim().split(';')[0] as string;
  const cancel = (): void => void run('scancel', [jobId], { env: options.env }).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const state = await waitForJob(jobId, options, signal);
    const text = await readFile(`${base}.json`, 'utf8').catch(() => '');
    const parsed = text.trim() === '' ? undefined : replayReportSchema.safeParse(JSON.parse(text));
    if (parsed?.success === true) return parsed.data;
    const log = (await readFile(`${base}.log`, 'utf8').catch(() => ''))
      .split('\n')
      .filter((entry) => entry.trim() !== '')
      .slice(-3)
      .join(' | ');
    throw new ReproError({
      code: INFRASTRUCTURE_STATES.has(state) ? 'slurm-job-lost' : 'slurm-job-failed',
      message: `Slurm job ${jobId} ended ${state} without a replay report${log === '' ? '' : ` (${log})`}.`,
      fix:
        state === 'TIMEOUT'
          ? 'Give the jobs a longer time limit; the evaluation tries this bundle again when run again.'
          : 'The evaluation tries this bundle again when run again; the job log is in the output folder.',
      file,
    });
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** Polls until the job has left the queue; returns its final state (scontrol, else UNKNOWN). */
async function waitForJob(jobId: string, options: SlurmOptions, signal?: AbortSignal): Promise<string> {
  const pollMs = options.pollMs ?? 2_000;
  for (;;) {
    if (signal?.aborted === true) throw new CancelledError('The evaluation');
    const queued = await run('squeue', ['-h', '-j', jobId, '-o', '%T'], { env: options.env, timeout: 30_000 })
      .then(({ stdout }) => stdout.trim())
      .catch(() => '');
    if (queued === '' || !/^(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING)/.test(queued)) {
      const shown = await run('scontrol', ['show', 'job', '-o', jobId], { env: options.env, timeout: 30_000 })
        .then(({ stdout }) => stdout)
        .catch(() => '');
      const state = /JobState=(\S+)/.exec(shown)?.[1] ?? (queued === '' ? 'UNKNOWN' : queued);
      if (!/^(PENDING|RUNNING|CONFIGURING|COMPLETING)$/.test(state)) return state;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
