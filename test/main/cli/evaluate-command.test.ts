// `reprobundle evaluate` as an artifact-evaluation committee runs it, on the real engine: a folder
// with an honest bundle, one whose recorded metric was inflated before signing (MISMATCH) and a
// tampered one (REFUSED); two at a time; exit 1; each report and summary.csv/json/html written;
// run again, every row is taken from the first run without a replay.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE, requireBaseImage, requireDocker } from '../../helpers/docker';
import { rewriteBundle } from '../../helpers/rewrite-bundle';
import { cliFolders, runCli } from '../../helpers/run-cli';
import { REPO_ROOT, requireBuiltCli } from '../../helpers/serve-cli';

let work: string;
let env: Record<string, string>;
const run = (args: string[]) => runCli(args, env);

async function bundle(name: string, edit: (project: string) => Promise<void> = async () => undefined): Promise<string> {
  const project = path.join(work, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
  await edit(project);
  const output = path.join(work, 'season', `${name}.rbundle`);
  const created = await run([
    'create',
    project,
    '-o',
    output,
    '--run',
    'python train.py',
    '--base-image',
    BASE_IMAGE,
    '--no-hardware',
  ]);
  expect(created.code, created.stderr).toBe(0);
  return output;
}

beforeAll(async () => {
  requireBuiltCli();
  await requireBaseImage(await requireDocker());
  work = await mkdtemp(path.join(tmpdir(), 'rb-cli-evaluate-'));
  env = {
    ...cliFolders(work),
  };
  await mkdir(path.join(work, 'season'));
  expect((await run(['keygen', '--name', 'Ada Author'])).code).toBe(0);
  await bundle('honest');
  await bundle('inflated', async (project) => {
    const metrics = JSON.parse(await readFile(path.join(project, 'metrics.json'), 'utf8')) as { accuracy: number };
    await writeFile(path.join(project, 'metrics.json'), JSON.stringify({ ...metrics, accuracy: 0.999 }));
  });
  const genuine = await bundle('to-tamper');
  await rewriteBundle(genuine, path.join(work, 'season', 'tampered.rbundle'), (entries) => {
    const entry = entries.get('project/train.py');
    if (entry !== undefined) entry.data = Buffer.concat([entry.data, Buffer.from('\n# changed\n')]);
  });
  await rm(genuine);
}, 120_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('reprobundle evaluate', () => {
  it('replays a season, writes the reports and the summary, exits 1, and resumes without replaying', async () => {
    const out = path.join(work, 'results');
    const first = await run(['evaluate', path.join(work, 'season'), '--out', out, '--jobs', '2', '--json']);
    expect(first.code, first.stderr).toBe(1);
    const rows = JSON.parse(first.stdout) as {
      file: string;
      verdict: string;
      mismatching: string[];
      reused: boolean;
      report: { html: string } | null;
    }[];
    const verdicts = Object.fromEntries(rows.map((row) => [path.basename(row.file), row.verdict]));
    expect(verdicts).toEqual({
      'honest.rbundle': 'REPRODUCED',
      'inflated.rbundle': 'MISMATCH',
      'tampered.rbundle': 'REFUSED',
    });
    expect(rows.find((row) => row.verdict === 'MISMATCH')?.mismatching).toContain('accuracy');
    for (const row of rows) expect(await readFile(row.report?.html ?? '', 'utf8')).toContain('<!doctype html>');
    const csv = await readFile(path.join(out, 'summary.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('file,signer,trust,verdict,image,mismatching,duration_s,first_error');
    expect(csv).toContain('MISMATCH');
    expect(await readFile(path.join(out, 'summary.html'), 'utf8')).toContain('REFUSED: 1');
    expect(JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'))).toMatchObject({
      rows: expect.any(Array),
    });

    const started = Date.now();
    const again = await run(['evaluate', path.join(work, 'season'), '--out', out, '--json']);
    expect(again.code).toBe(1);
    const reused = JSON.parse(again.stdout) as { verdict: string; reused: boolean }[];
    expect(reused.map((row) => row.reused)).toEqual([true, true, true]);
    expect(reused.map((row) => row.verdict).sort()).toEqual(['MISMATCH', 'REFUSED', 'REPRODUCED']);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('exits 2 for a folder that does not exist, naming it', async () => {
    const result = await run(['evaluate', path.join(work, 'nope'), '--out', path.join(work, 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(work, 'nope')} does not exist.`);
  });
});
