// ReproZip benchmark (part of `npm run bench`, BENCH_ONLY=reprozip): what packing the example
// project (resources/example-project) costs with ReproZip — `reprozip trace` of its run, then
// `reprozip pack` — against `reprobundle create` of the same project, and the .rpz's size against
// the bundle's. Skipped, saying so, where ReproZip is not installed (Debian's `reprozip`).
//
// ReproZip traces by running the experiment (the trace's time includes the run); create runs
// nothing. Debian's ReproZip (1.1) does not follow clone3, which glibc uses to start threads, so
// the traced run is limited to one BLAS/OpenMP thread, or its tracer stops at numpy's first thread
// ("process created new process … but we didn't see syscall entry").
import { spawnSync } from 'node:child_process';
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { timed, type Measure, median } from './gnu-time';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const CLI = path.resolve('out/main/cli.js');
const EXAMPLE = path.resolve('resources/example-project');
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function installed(): boolean {
  return spawnSync('reprozip', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function reprozipBench(): Promise<void> {
  console.log('\nReproZip (trace + pack) against create, on the example project');
  if (!installed()) {
    console.log('  skipped: `reprozip` is not on PATH (Debian: apt-get install reprozip)');
    return;
  }
  const root = path.join(BENCH_DIR, 'reprozip');
  const project = path.join(root, 'project');
  const trace = path.join(root, 'trace');
  const rpz = path.join(root, 'example.rpz');
  const bundle = path.join(root, 'example.rbundle');
  const env = { ...process.env, ...ONE_THREAD, REPROBUNDLE_CONFIG_DIR: path.join(BENCH_DIR, 'config') };
  const runs: { trace: Measure; pack: Measure; create: Measure }[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      // A fresh copy each run: the experiment writes its metrics into the project.
      await rm(root, { recursive: true, force: true });
      await mkdir(root, { recursive: true });
      await cp(EXAMPLE, project, { recursive: true });
      const traced = timed('reprozip', ['trace', '--overwrite', '-d', trace, 'python3', 'train.py'], {
        cwd: project,
        env,
      });
      const packed = timed('reprozip', ['pack', '-d', trace, rpz], { cwd: project, env });
      const created = timed(process.execPath, [CLI, 'create', project, '-o', bundle], { cwd: root, env });
      runs.push({ trace: traced, pack: packed, create: created });
    }
  } catch (error) {
    console.log(`  skipped: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
    return;
  }
  const seconds = (pick: (run: (typeof runs)[number]) => number): number => median(runs.map(pick));
  const traceSeconds = seconds((run) => run.trace.seconds);
  const packSeconds = seconds((run) => run.pack.seconds);
  const bothSeconds = seconds((run) => run.trace.seconds + run.pack.seconds);
  const createSeconds = seconds((run) => run.create.seconds);
  const rss = (pick: (run: (typeof runs)[number]) => Measure): number =>
    Math.max(...runs.map((run) => pick(run).rssMB));
  const rpzBytes = (await stat(rpz)).size;
  const bundleBytes = (await stat(bundle)).size;
  console.log(`  median of ${RUNS} runs`);
  console.log(
    `  reprozip trace (runs the experiment)  ${traceSeconds.toFixed(2).padStart(6)} s   peak RSS ${rss((run) => run.trace).toFixed(0)} MB`,
  );
  console.log(
    `  reprozip pack                         ${packSeconds.toFixed(2).padStart(6)} s   peak RSS ${rss((run) => run.pack).toFixed(0)} MB`,
  );
  console.log(
    `  reprobundle create (with hardware)    ${createSeconds.toFixed(2).padStart(6)} s   peak RSS ${rss((run) => run.create).toFixed(0)} MB`,
  );
  console.log(
    `  create vs trace + pack (${bothSeconds.toFixed(2)} s): ${(bothSeconds / createSeconds).toFixed(2)}x as fast`,
  );
  console.log(
    `  sizes: .rpz ${(rpzBytes / 1e6).toFixed(2)} MB (every file the run opened: interpreter, libraries, data), bundle ${(bundleBytes / 1e6).toFixed(3)} MB (the project and a recipe to rebuild its environment): ${(bundleBytes / rpzBytes).toFixed(4)} of the .rpz`,
  );
}
