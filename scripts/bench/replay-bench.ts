// Replay benchmark (part of `npm run bench`): what replay adds outside `docker build` and the
// experiment itself (verify, extract, data, compare) on a ~100 MB bundle, and a second replay
// that reuses the image against a bare `docker run` of that image, in the same run.
// Needs a Docker engine and the offline base image (scripts/setup-test-env.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { median } from './gnu-time';
import { OFFLINE_BASE_IMAGE } from '../offline-base-image';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const BASE_IMAGE = OFFLINE_BASE_IMAGE;
const CLI = path.resolve('out/main/cli.js');
const dir = path.join(BENCH_DIR, 'replay');
const env = {
  ...process.env,
  REPROBUNDLE_CONFIG_DIR: path.join(BENCH_DIR, 'config'),
  REPROBUNDLE_WORK_DIR: path.join(dir, 'replays'),
};

interface Report {
  verdict: string;
  extraction?: 'fresh' | 'reused';
  image: { tag: string; cached: boolean } | null;
  timings: Record<string, number>;
}

function replay(bundle: string): { wallMs: number; report: Report } {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, 'replay', bundle, '--json'], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Date.now() - started;
  if (result.status !== 0)
    throw new Error(`replay failed (${result.status}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  return { wallMs, report: JSON.parse(result.stdout) as Report };
}

export async function replayBench(): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const project = path.join(dir, 'project');
  await cp(path.resolve('resources', 'example-project'), project, { recursive: true });
  // ~100 MB of incompressible files, so the bundle itself is ~100 MB.
  await mkdir(path.join(project, 'weights'), { recursive: true });
  for (let index = 0; index < 10; index += 1)
    await writeFile(path.join(project, 'weights', `part-${index}.bin`), randomFillSync(Buffer.alloc(10 * 1024 * 1024)));
  const bundle = path.join(dir, 'example-100mb.rbundle');
  execFileSync(
    process.execPath,
    [CLI, 'create', project, '-o', bundle, '--run', 'python train.py', '--base-image', BASE_IMAGE, '--no-hardware'],
    { env, stdio: 'ignore' },
  );
  const bundleMB = (await stat(bundle)).size / 1e6;

  const first = replay(bundle); // builds the image
  const tag = first.report.image?.tag ?? '';
  const cached: { wallMs: number; report: Report }[] = [];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    cached.push(replay(bundle));
    const started = Date.now();
    execFileSync('docker', ['run', '--rm', '--network', 'none', tag], { stdio: 'ignore' });
    bare.push(Date.now() - started);
  }
  const overheadOf = (timings: Record<string, number>): number =>
    (timings['verify'] ?? 0) + (timings['extract'] ?? 0) + (timings['data'] ?? 0) + (timings['compare'] ?? 0);
  const overhead = median(cached.map((entry) => overheadOf(entry.report.timings)));
  const cachedWall = median(cached.map((entry) => entry.wallMs));
  const bareWall = median(bare);
  const phase = (name: string): string =>
    `${name} ${median(cached.map((entry) => entry.report.timings[name] ?? 0))} ms`;
  console.log(`\nreplay: ${bundleMB.toFixed(0)} MB bundle, example experiment (median of ${RUNS} runs)`);
  console.log(
    `  first replay (builds the image): ${(first.wallMs / 1000).toFixed(2)} s, verdict ${first.report.verdict}`,
  );
  console.log(
    `  cached replay phases: ${['verify', 'extract', 'data', 'build', 'run', 'compare'].map(phase).join(', ')}`,
  );
  console.log(
    `  overhead outside build and run (verify + extract + data + compare): ${(overhead / 1000).toFixed(2)} s (target < 2 s)`,
  );
  // In-process: the replay's own phases (the engine warm, as the GUI and `evaluate` use it);
  // the CLI's wall time adds Node's start and imports (~0.3 s).
  const inProcess = median(
    cached.map((entry) => Object.values(entry.report.timings).reduce((sum, value) => sum + value, 0)),
  );
  const reused = cached.filter((entry) => entry.report.extraction === 'reused').length;
  console.log(
    `  cached replay in-process ${(inProcess / 1000).toFixed(2)} s vs bare docker run ${(bareWall / 1000).toFixed(2)} s: ${(inProcess / bareWall).toFixed(2)}x (target <= 1.5x); extraction reused in ${reused} of ${cached.length}`,
  );
  console.log(
    `  cached replay as the CLI's wall time ${(cachedWall / 1000).toFixed(2)} s: ${(cachedWall / bareWall).toFixed(2)}x (target <= 2.5x)`,
  );
  execFileSync('docker', ['image', 'rm', '-f', tag], { stdio: 'ignore' });
}
