// `evaluate --engine slurm` (issue 20): the bundles' replays are the tasks of one Slurm array job —
// the cluster an HPC group already has — each running ReproBundle's own `replay --json` on a
// node, against the engine the node offers (Podman's or Docker's socket, the same DOCKER_HOST).
// Submitted with `sbatch --array`, followed with `squeue -r` and `scontrol`, cancelled with
// `scancel` (a task's SIGTERM cancels its replay, which removes its container). A task that ends
// without a report (time limit, node failure, cancelled by an operator) is an infrastructure
// failure: an ERROR row, tried again the next time the evaluation runs.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

let arrayCounter = 0;

/** How often the array's tasks are looked at, by default. */
const POLL_MS = 2_000;

/**
 * One Slurm array job replaying many bundles (`sbatch --array=0-N%jobs`): task k reads line k+1
 * of the task list, runs the CLI's `replay --json` on its node, writes its report and a status
 * file (`started`, then `exit <code>`) into the jobs folder the nodes share. `--jobs` is the
 * array's throttle. A task that leaves the queue without an exit status (time limit, node
 * failure, cancelled) is reported with its Slurm state.
 */
export class SlurmArray {
  private readonly waiting = new Map<
    number,
    { resolve: (report: ReplayReport) => void; reject: (error: unknown) => void }
  >();
  private polling: Promise<void> | undefined;

  private constructor(
    readonly jobId: string,
    private readonly files: readonly string[],
    private readonly base: string,
    private readonly options: SlurmOptions,
  ) {}

  static async submit(
    files: readonly string[],
    replay: EvaluateReplayOptions,
    options: SlurmOptions & { throttle: number },
  ): Promise<SlurmArray> {
    await mkdir(options.jobsDir, { recursive: true });
    arrayCounter += 1;
    const base = path.join(options.jobsDir, `run-${process.pid}-${Date.now()}-${arrayCounter}`);
    await writeFile(`${base}-tasks.txt`, `${files.join('\n')}\n`);
    const task = `${base}-task-$SLURM_ARRAY_TASK_ID`;
    const cli = [...options.command, 'replay', '"$bundle"', '--json', ...replayArguments(replay)];
    // The task's shell: its bundle from the list, a status file around the replay.
    const script = [
      `bundle=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${shellQuote(`${base}-tasks.txt`)})`,
      `echo started > "${task}.status"`,
      `${cli.map((word) => (word === '"$bundle"' ? word : shellQuote(word))).join(' ')} > "${task}.json"`,
      `echo "exit $?" >> "${task}.status"`,
    ].join('; ');
    let submitted: string;
    try {
      submitted = (
        await run(
          'sbatch',
          [
            '--parsable',
            '--job-name=reprobundle-replay',
            `--array=0-${files.length - 1}%${Math.max(1, options.throttle)}`,
            `--output=${base}-task-%a.log`,
            ...(options.partition === undefined ? [] : [`--partition=${options.partition}`]),
            ...(options.timeLimitMinutes === undefined ? [] : [`--time=${options.timeLimitMinutes}`]),
            '--wrap',
            script,
          ],
          { env: options.env, timeout: 60_000 },
        )
      ).stdout;
    } catch (error) {
      throw new ReproError({
        code: 'slurm-submit-failed',
        message: `sbatch refused the array of ${files.length} replays: ${errorMessage(error).split('\n').slice(-2).join(' ')}`,
        fix: 'Check the partition and time limit are allowed on this cluster (sinfo lists them).',
      });
    }
    return new SlurmArray(submitted.trim().split(';')[0] as string, files, base, options);
  }

  /** The report of the task that replays `file`, once it has ended. */
  result(file: string, signal?: AbortSignal): Promise<ReplayReport> {
    const index = this.files.indexOf(file);
    const report = new Promise<ReplayReport>((resolve, reject) => this.waiting.set(index, { resolve, reject }));
    this.polling ??= this.poll(signal);
    return report;
  }

  /** Cancels every task of the array still queued or running. */
  cancel(): void {
    void run('scancel', [this.jobId], { env: this.options.env }).catch(() => undefined);
  }

  private async poll(signal?: AbortSignal): Promise<void> {
    const pollMs = this.options.pollMs ?? POLL_MS;
    while (this.waiting.size > 0) {
      if (signal?.aborted === true) {
        this.cancel();
        for (const { reject } of this.waiting.values()) reject(new CancelledError('The evaluation'));
        this.waiting.clear();
        return;
      }
      // Every task still in the queue, pending ones included (`-r` lists each element).
      const listed = await run('squeue', ['-h', '-r', '-j', this.jobId, '-o', '%K'], {
        env: this.options.env,
        timeout: 30_000,
      }).then(
        ({ stdout }) =>
          new Set(
            stdout
              .split('\n')
              .map((line) => line.trim())
              .filter((line) => line !== ''),
          ),
        () => undefined, // the controller did not answer this time: look again later
      );
      if (listed !== undefined)
        for (const [index, waiter] of [...this.waiting]) {
          if (listed.has(String(index))) continue;
          this.waiting.delete(index);
          await this.settle(index).then(waiter.resolve, waiter.reject);
        }
      if (this.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * A task's state from the array's records (`scontrol show job -o <array>`: one line per task
   * that has started, and one for the array itself), UNKNOWN when none tells.
   */
  private async taskState(index: number): Promise<string> {
    const shown = await run('scontrol', ['show', 'job', '-o', this.jobId], { env: this.options.env, timeout: 30_000 })
      .then(({ stdout }) => stdout)
      .catch(() => '');
    const lines = shown.split('\n');
    for (const line of lines) {
      const tasks = /ArrayTaskId=(\S+)/.exec(line)?.[1];
      if (tasks !== undefined && taskIds(tasks).has(index)) return /JobState=(\S+)/.exec(line)?.[1] ?? 'UNKNOWN';
    }
    // A task cancelled while still pending leaves no record of its own: the array's record
    // (JobId = the array's id) holds the state.
    const own = lines.find((line) => new RegExp(`^JobId=${this.jobId}\\s`).test(line));
    return (own === undefined ? undefined : /JobState=(\S+)/.exec(own)?.[1]) ?? 'UNKNOWN';
  }

  /** A task that left the queue: its report, or why there is none. */
  private async settle(index: number): Promise<ReplayReport> {
    const task = `${this.base}-task-${index}`;
    const text = await readFile(`${task}.json`, 'utf8').catch(() => '');
    try {
      const parsed = text.trim() === '' ? undefined : replayReportSchema.safeParse(JSON.parse(text));
      if (parsed?.success === true) return parsed.data;
    } catch {
      // not a report: said below
    }
    const state = await this.taskState(index);
    const log = (await readFile(`${task}.log`, 'utf8').catch(() => ''))
      .split('\n')
      .filter((entry) => entry.trim() !== '')
      .slice(-3)
      .join(' | ');
    throw new ReproError({
      code: INFRASTRUCTURE_STATES.has(state) || state === 'UNKNOWN' ? 'slurm-job-lost' : 'slurm-job-failed',
      message: `Slurm task ${this.jobId}_${index} ended ${state} without a replay report${log === '' ? '' : ` (${log})`}.`,
      fix:
        state === 'TIMEOUT'
          ? 'Give the jobs a longer time limit; the evaluation tries this bundle again when run again.'
          : 'The evaluation tries this bundle again when run again; the task log is in the output folder.',
      file: this.files[index],
    });
  }
}

/** The task ids of Slurm's array notation: `3`, `0-19%2`, `1,4-6`. */
function taskIds(notation: string): Set<number> {
  const ids = new Set<number>();
  for (const part of notation.replace(/%\d+$/, '').split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    for (let id = from; id <= (to !== undefined && Number.isInteger(to) ? to : from); id += 1) ids.add(id);
  }
  return ids;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
