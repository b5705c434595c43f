// `evaluate --engine slurm` (issue 20) on a real one-node Slurm cluster (scripts/setup-test-env.sh):
// the replays are the tasks of one array job, each running the CLI's own `replay` on the node; a
// task cancelled by an operator is an infrastructure failure (ERROR), tried again on the next run
// rather than kept; without a scheduler the command exits 3.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDocker, requireSlurm } from '../../helpers/docker';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { requireBuiltCli } from '../../helpers/serve-cli';
import { makeSeason } from '../../helpers/season';

let work: string;
let env: Record<string, string>;
const run = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });
const rows = (stdout: string) =>
  (JSON.parse(stdout) as { file: string; verdict: string; reused: boolean; firstError: string | null }[]).map(
    (row) => ({ ...row, file: path.basename(row.file) }),
  );

beforeAll(async () => {
  requireBuiltCli();
  await requireDocker();
  await requireSlurm();
  work = await mkdtemp(path.join(tmpdir(), 'rb-slurm-'));
  env = {
    ...cliFolders(work),
  };
  await makeSeason(work, run);
}, 120_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('evaluate --engine slurm', () => {
  it('replays the bundles as the tasks of one Slurm array job and summarises the verdicts', async () => {
    const out = path.join(work, 'results');
    const result = await run([
      'evaluate',
      path.join(work, 'season'),
      '--engine',
      'slurm',
      '--jobs',
      '2',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(rows(result.stdout).map((row) => `${row.file} ${row.verdict}`)).toEqual([
      'honest.rbundle REPRODUCED',
      'inflated.rbundle MISMATCH',
    ]);
    // One array job of two tasks: its task list, and each task's report, status and log, kept
    // beside the summary.
    const jobs = await readdir(path.join(out, 'slurm-jobs'));
    const lists = jobs.filter((name) => name.endsWith('-tasks.txt'));
    expect(lists).toHaveLength(1);
    expect((await readFile(path.join(out, 'slurm-jobs', lists[0] as string), 'utf8')).trim().split('\n')).toHaveLength(
      2,
    );
    expect(jobs.filter((name) => name.endsWith('.json'))).toHaveLength(2);
    expect(jobs.filter((name) => name.endsWith('.log'))).toHaveLength(2);
    // Each task's status: the replay's own exit code (1 for the MISMATCH).
    const statuses = await Promise.all(
      jobs
        .filter((name) => name.endsWith('.status'))
        .map((name) => readFile(path.join(out, 'slurm-jobs', name), 'utf8')),
    );
    expect(statuses.sort()).toEqual(['started\nexit 0\n', 'started\nexit 1\n']);
  });

  it('a task cancelled by an operator is an ERROR row, replayed again on the next run', async () => {
    const out = path.join(work, 'cancelled');
    const bundle = path.join(work, 'season', 'honest.rbundle');
    const evaluating = run(['evaluate', bundle, '--engine', 'slurm', '--out', out, '--json']);
    // The operator cancels every replay task as soon as it is queued.
    let cancelled = false;
    for (let attempt = 0; attempt < 100 && !cancelled; attempt += 1) {
      const { stdout } = await promisify(execFile)('squeue', ['-h', '-r', '-n', 'reprobundle-replay', '-o', '%i']);
      const ids = stdout.split('\n').filter((id) => id.trim() !== '');
      if (ids.length > 0) {
        await promisify(execFile)('scancel', ids);
        cancelled = true;
      } else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cancelled).toBe(true);
    const first = await evaluating;
    expect(rows(first.stdout)).toMatchObject([{ file: 'honest.rbundle', verdict: 'ERROR' }]);
    expect(rows(first.stdout)[0]?.firstError).toMatch(/ended CANCELLED/);

    const again = await run(['evaluate', bundle, '--engine', 'slurm', '--out', out, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(rows(again.stdout)).toMatchObject([{ file: 'honest.rbundle', verdict: 'REPRODUCED', reused: false }]);
  });

  it('exits 3 when no Slurm controller answers', async () => {
    const result = await run(
      ['evaluate', path.join(work, 'season'), '--engine', 'slurm', '--out', path.join(work, 'none')],
      { PATH: '/nonexistent' },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('No Slurm controller answers');
  });
});
