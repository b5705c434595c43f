// Evaluation benchmark (part of `npm run bench`, BENCH_ONLY=evaluate): a season of 20 small
// bundles (the example project, each a little different, so each builds its own image) evaluated
// one at a time and two at a time on the local engine, and as a Slurm array (`--jobs 2`) when a
// Slurm controller answers, in the same run — the images are removed between runs so each one
// builds what it replays. Prints the wall times, the speed-up of `--jobs 2` and the per-bundle
// overhead of the Slurm path. Needs a Docker engine and the offline base image.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OFFLINE_BASE_IMAGE } from '../offline-base-image';
import { removeImagesSince } from '../remove-built-images';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const BUNDLES = Number(process.env['BENCH_EVALUATE_BUNDLES'] ?? 20);
const CLI = path.resolve('out/main/cli.js');
const dir = path.join(BENCH_DIR, 'evaluate');
const env = {
  ...process.env,
  REPROBUNDLE_CONFIG_DIR: path.join(dir, 'config'),
  REPROBUNDLE_WORK_DIR: path.join(dir, 'work'),
  REPROBUNDLE_CACHE_DIR: path.join(dir, 'cache'),
};

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

async function season(): Promise<string> {
  const folder = path.join(dir, 'season');
  await rm(dir, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  cli(['keygen', '--name', 'Bench']);
  for (let index = 0; index < BUNDLES; index += 1) {
    const project = path.join(dir, 'projects', `p${index}`);
    await cp(path.resolve('resources', 'example-project'), project, { recursive: true });
    // Same results, different bytes: each bundle is its own image.
    const train = path.join(project, 'train.py');
    await writeFile(train, `${await readFile(train, 'utf8')}\n# bundle ${index}\n`);
    const made = cli([
      'create',
      project,
      '-o',
      path.join(folder, `p${String(index).padStart(2, '0')}.rbundle`),
      '--run',
      'python train.py',
      '--base-image',
      OFFLINE_BASE_IMAGE,
      '--exclude',
      '.env',
      '--no-hardware',
    ]);
    if (made.status !== 0) throw new Error(`create failed: ${made.stderr}`);
  }
  return folder;
}

async function evaluate(folder: string, name: string, extra: string[]): Promise<number> {
  const since = Math.floor(Date.now() / 1000) - 1;
  const started = Date.now();
  const result = cli(['evaluate', folder, '--out', path.join(dir, `out-${name}`), '--json', ...extra]);
  const seconds = (Date.now() - started) / 1000;
  const rows = JSON.parse(result.stdout || '[]') as { verdict: string }[];
  const reproduced = rows.filter((row) => row.verdict === 'REPRODUCED').length;
  if (reproduced !== BUNDLES) throw new Error(`${name}: ${reproduced} of ${BUNDLES} reproduced\n${result.stderr}`);
  await removeImagesSince(since);
  return seconds;
}

export async function evaluateBench(): Promise<void> {
  const folder = await season();
  const one = await evaluate(folder, 'jobs1', ['--jobs', '1']);
  const two = await evaluate(folder, 'jobs2', ['--jobs', '2']);
  console.log(`\nevaluate: ${BUNDLES} small bundles (each builds its own image), local engine`);
  console.log(`  --jobs 1: ${one.toFixed(1)} s (${((one / BUNDLES) * 1000).toFixed(0)} ms per bundle)`);
  console.log(`  --jobs 2: ${two.toFixed(1)} s; speed-up ${(one / two).toFixed(2)}× against one at a time`);
  let slurm: boolean;
  try {
    execFileSync('squeue', ['-h'], { stdio: 'ignore', timeout: 10_000 });
    slurm = true;
  } catch {
    slurm = false;
  }
  if (!slurm) {
    console.log('  Slurm: no controller answers here; not measured');
    return;
  }
  const array = await evaluate(folder, 'slurm', ['--engine', 'slurm', '--jobs', '2']);
  console.log(
    `  --engine slurm --jobs 2 (one array job): ${array.toFixed(1)} s; overhead ${(((array - two) / BUNDLES) * 1000).toFixed(0)} ms per bundle against local --jobs 2`,
  );
}
