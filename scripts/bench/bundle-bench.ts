// `npm run bench`: create and verify on two generated projects, against `zip -r` (default level)
// and `unzip -tq` on the same files and the same bundle, in the same run. Prints MB/s, files/s,
// peak RSS (GNU time), bundle size and the ratios. Medians of BENCH_RUNS runs (default 3).
//
// Environment: BENCH_DIR (default /tmp/reprobundle-bench; corpora are cached there),
// BENCH_RUNS, BENCH_LARGE_MB (size of each large file, default 500), BENCH_ONLY=small|tiny|million|large|archiver|replay|freeze|synth|latency|environment|evaluate|reprozip|progress (million only when named; it also times progress at a million files), BENCH_SYNTH_MB (size of the synth CSV, default 1024).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { timed as timedCommand, type Measure, median } from './gnu-time';
import { corpusSize, largeFilesCorpus, smallFilesCorpus, tinyFilesCorpus } from './corpus';
import { latencyBench } from './latency-bench';
import { archiverBench } from './archiver-bench';
import { freezeBench } from './freeze-bench';
import { replayBench } from './replay-bench';
import { synthBench } from './synth-bench';
import { environmentBench } from './environment-bench';
import { evaluateBench } from './evaluate-bench';
import { reprozipBench } from './reprozip-bench';
import { progressBench } from './progress-bench';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const LARGE_MB = Number(process.env['BENCH_LARGE_MB'] ?? 500);
const ONLY = process.env['BENCH_ONLY'];
const CLI = path.resolve('out/main/cli.js');
const env = { ...process.env, REPROBUNDLE_CONFIG_DIR: path.join(BENCH_DIR, 'config') };

const timed = (command: string, args: string[], cwd: string): Measure => timedCommand(command, args, { cwd, env });

async function bench(name: string, corpus: string, runs = RUNS, verifyTarget = 1.0): Promise<void> {
  const { files, bytes } = await corpusSize(corpus);
  const out = path.join(BENCH_DIR, 'out');
  await mkdir(out, { recursive: true });
  const zipFile = path.join(out, `${name}.zip`);
  const bundle = path.join(out, `${name}.rbundle`);
  const results: Record<string, Measure[]> = { zip: [], create: [], unzip: [], verify: [] };
  for (let run = 0; run < runs; run += 1) {
    await rm(zipFile, { force: true });
    await rm(bundle, { force: true });
    results['zip']?.push(timed('zip', ['-r', '-q', zipFile, '.', '-x', '.complete'], corpus));
    results['create']?.push(
      timed(
        process.execPath,
        [CLI, 'create', corpus, '-o', bundle, '--no-hardware', '--large-file-mb', '1000000', '--exclude', '.complete'],
        corpus,
      ),
    );
    results['unzip']?.push(timed('unzip', ['-tq', bundle], out));
    results['verify']?.push(timed(process.execPath, [CLI, 'verify', bundle], out));
  }
  const zipSize = (await stat(zipFile)).size;
  const bundleSize = (await stat(bundle)).size;
  const row = (label: string, key: string): [string, number, number] => {
    const seconds = median((results[key] ?? []).map((m) => m.seconds));
    const rss = Math.max(...(results[key] ?? []).map((m) => m.rssMB));
    const mbps = bytes / 1e6 / seconds;
    console.log(
      `  ${label.padEnd(22)} ${seconds.toFixed(2).padStart(7)} s ${mbps.toFixed(1).padStart(8)} MB/s ${(files / seconds).toFixed(files / seconds < 10 ? 2 : 0).padStart(8)} files/s   peak RSS ${rss.toFixed(0).padStart(5)} MB`,
    );
    return [label, seconds, rss];
  };
  console.log(`\n${name}: ${files} files, ${(bytes / 1e6).toFixed(0)} MB (median of ${runs} runs)`);
  const [, zipSeconds] = row('zip -r (level 6)', 'zip');
  const [, createSeconds, createRss] = row('reprobundle create', 'create');
  const [, unzipSeconds] = row('unzip -tq (bundle)', 'unzip');
  const [, verifySeconds, verifyRss] = row('reprobundle verify', 'verify');
  console.log(
    `  sizes: zip ${(zipSize / 1e6).toFixed(1)} MB, bundle ${(bundleSize / 1e6).toFixed(1)} MB (${((bundleSize / zipSize - 1) * 100).toFixed(1)}% vs zip)`,
  );
  console.log(
    `  create speed vs zip -r: ${(zipSeconds / createSeconds).toFixed(2)}x (target >= 1.00); size vs zip: ${(bundleSize / zipSize).toFixed(3)} (target <= 1.10)`,
  );
  console.log(
    `  verify speed vs unzip -tq: ${(unzipSeconds / verifySeconds).toFixed(2)}x (target >= ${verifyTarget.toFixed(2)})`,
  );
  console.log(
    `  per file: create ${((createSeconds / files) * 1e6).toFixed(1)} µs, zip ${((zipSeconds / files) * 1e6).toFixed(1)} µs; verify ${((verifySeconds / files) * 1e6).toFixed(1)} µs, unzip ${((unzipSeconds / files) * 1e6).toFixed(1)} µs`,
  );
  console.log(`  peak RSS: create ${createRss.toFixed(0)} MB, verify ${verifyRss.toFixed(0)} MB (target < 300 MB)`);
}

/** Why the million-file corpus cannot be made here (free space, free inodes), or null. */
async function lacksRoomForMillion(dir: string): Promise<string | null> {
  if (existsSync(path.join(dir, '.complete'))) return null;
  await mkdir(BENCH_DIR, { recursive: true });
  const stats = await statfs(BENCH_DIR);
  const freeBytes = stats.bavail * stats.bsize;
  if (freeBytes < 5e9)
    return `${BENCH_DIR} has ${(freeBytes / 1e9).toFixed(1)} GB free; the corpus, a zip and a bundle need about 5 GB.`;
  if (stats.ffree < 1_100_000)
    return `${BENCH_DIR}'s file system has ${stats.ffree} free inodes; a million files need 1,100,000.`;
  return null;
}

if (!existsSync(CLI)) throw new Error('Run `npm run build` first (npm run bench does).');
await mkdir(BENCH_DIR, { recursive: true });
if (!existsSync(path.join(BENCH_DIR, 'config', 'keys', 'default')))
  execFileSync(process.execPath, [CLI, 'keygen', '--name', 'Bench'], { env, stdio: 'ignore' });
console.log(
  `ReproBundle bundle benchmark on ${process.platform}/${process.arch}, Node ${process.versions.node}, ${RUNS} runs each`,
);
if (ONLY === undefined || ONLY === 'small')
  await bench('small-files', await smallFilesCorpus(path.join(BENCH_DIR, 'small-files')));
if (ONLY === undefined || ONLY === 'tiny')
  await bench('tiny-files (500 folders x 200)', await tinyFilesCorpus(path.join(BENCH_DIR, 'tiny-files')), RUNS, 0.7);
// A million files (~4 GB of disk with the zip and the bundle, a million inodes): only when asked.
if (ONLY === 'million') {
  const dir = path.join(BENCH_DIR, 'million-files');
  const lacking = await lacksRoomForMillion(dir);
  if (lacking !== null) console.log(`\n1,000,000 tiny files: skipped — ${lacking}`);
  else {
    await bench('1,000,000 tiny files (5000 folders x 200)', await tinyFilesCorpus(dir, 5000), 1, 0.7);
    await progressBench('1,000,000 tiny files', dir);
  }
}
if (ONLY === undefined || ONLY === 'large')
  await bench('large-files', await largeFilesCorpus(path.join(BENCH_DIR, 'large-files'), LARGE_MB));
if (ONLY === undefined || ONLY === 'archiver') await archiverBench();
if (ONLY === undefined || ONLY === 'replay') await replayBench();
if (ONLY === undefined || ONLY === 'freeze') await freezeBench();
if (ONLY === undefined || ONLY === 'synth') await synthBench();
if (ONLY === undefined || ONLY === 'latency') await latencyBench();
if (ONLY === undefined || ONLY === 'environment') await environmentBench();
if (ONLY === undefined || ONLY === 'evaluate') await evaluateBench();
if (ONLY === undefined || ONLY === 'reprozip') await reprozipBench();
if (ONLY === undefined || ONLY === 'progress')
  await progressBench('100,000 tiny files', await tinyFilesCorpus(path.join(BENCH_DIR, 'tiny-files')));
