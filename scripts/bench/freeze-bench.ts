// Freeze benchmark (part of `npm run bench`, issue 19): `create --freeze` on the example project
// against `docker save <image> | gzip` of the same image, in the same run. Freezing time is the
// frozen create's wall time minus the plain create's (the image build is cached by then, as it is
// after pre-flight); size is the frozen bundle's growth against gzip's output; peak RSS is the
// frozen create's. Then a replay of the frozen bundle, which loads the image.
// Needs a Docker engine and the offline base image (scripts/setup-test-env.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { timed as timedCommand, median } from './gnu-time';
import { OFFLINE_BASE_IMAGE } from '../offline-base-image';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const CLI = path.resolve('out/main/cli.js');
const dir = path.join(BENCH_DIR, 'freeze');
const env = {
  ...process.env,
  REPROBUNDLE_CONFIG_DIR: path.join(BENCH_DIR, 'config'),
  REPROBUNDLE_WORK_DIR: path.join(dir, 'work'),
};

/** A shell command line, timed. */
const timed = (line: string) => timedCommand('sh', ['-c', line], { env });

export async function freezeBench(): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const project = path.join(dir, 'project');
  await cp(path.resolve('resources', 'example-project'), project, { recursive: true });
  const create = (output: string, freeze: boolean): string =>
    `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} create ${JSON.stringify(project)} -o ${JSON.stringify(output)} --force --run 'python train.py' --base-image ${OFFLINE_BASE_IMAGE} --no-hardware${freeze ? ' --freeze' : ''} >/dev/null`;
  const plain = path.join(dir, 'plain.rbundle');
  const frozen = path.join(dir, 'frozen.rbundle');
  execFileSync('sh', ['-c', create(frozen, true)], { env, stdio: 'ignore' }); // builds the image once (cached after)
  const digest = (
    JSON.parse(execFileSync(process.execPath, [CLI, 'inspect', frozen, '--json'], { env, encoding: 'utf8' })) as {
      manifest: { image: { config: { digest: string } } };
    }
  ).manifest.image.config.digest;

  const plainRuns: number[] = [];
  const frozenRuns: { seconds: number; rssMB: number }[] = [];
  const saveRuns: number[] = [];
  const gzipped = path.join(dir, 'image.tar.gz');
  for (let run = 0; run < RUNS; run += 1) {
    plainRuns.push(timed(create(plain, false)).seconds);
    frozenRuns.push(timed(create(frozen, true)));
    saveRuns.push(timed(`docker save ${digest} | gzip > ${JSON.stringify(gzipped)}`).seconds);
  }
  const growth = (await stat(frozen)).size - (await stat(plain)).size;
  const gzipBytes = (await stat(gzipped)).size;
  const freezeSeconds = median(frozenRuns.map((run) => run.seconds)) - median(plainRuns);
  const saveSeconds = median(saveRuns);
  console.log('\nfreeze (create --freeze on the example project; build cached, as after pre-flight)');
  console.log(
    `  image ${digest.slice(0, 19)}…: docker save | gzip ${saveSeconds.toFixed(2)} s, ${(gzipBytes / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `  freezing (frozen create ${median(frozenRuns.map((run) => run.seconds)).toFixed(2)} s − plain create ${median(plainRuns).toFixed(2)} s): ${freezeSeconds.toFixed(2)} s = ${(freezeSeconds / saveSeconds).toFixed(2)}× docker save | gzip (target ≤ 1.2×)`,
  );
  console.log(
    `  size: the bundle grows by ${(growth / 1e6).toFixed(1)} MB = ${(growth / gzipBytes).toFixed(3)}× gzip's (target ≤ 1.05×)`,
  );
  console.log(
    `  peak RSS of create --freeze: ${median(frozenRuns.map((run) => run.rssMB)).toFixed(0)} MB (target < 300 MB)`,
  );

  // A replay with the image absent loads it; the next one finds it on the engine.
  spawnSync('docker', ['rmi', '-f', digest], { stdio: 'ignore' });
  const replay = (): number => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, 'replay', frozen, '--json'], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`replay of the frozen bundle failed:\n${result.stdout.slice(-2000)}`);
    return (Date.now() - started) / 1000;
  };
  const loading = replay();
  const loaded = replay();
  console.log(
    `  replay of the frozen bundle: ${loading.toFixed(2)} s loading the image, ${loaded.toFixed(2)} s once loaded`,
  );
}
