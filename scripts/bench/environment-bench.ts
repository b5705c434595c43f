// Environment-capture benchmark (part of `npm run bench`, BENCH_ONLY=environment): what recording
// the author's environment adds to `create` — finding the interpreter, reading every installed
// distribution's METADATA (name, version, requirements), deciding the Python and the constraints —
// on a project whose .venv holds 400 distributions, and with python3 on PATH (one process asked),
// beside `pip list --format=json` on the same interpreter (the baseline a naive capture would pay).
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readEnvironment } from '../../main/core/recipes/detect-environment';

const BENCH_DIR = process.env['BENCH_DIR'] ?? '/tmp/reprobundle-bench';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const DISTRIBUTIONS = 400;

async function venvProject(root: string): Promise<string[]> {
  await rm(root, { recursive: true, force: true });
  const site = path.join(root, '.venv', 'lib', 'python3.11', 'site-packages');
  await mkdir(site, { recursive: true });
  await writeFile(path.join(root, '.venv', 'pyvenv.cfg'), 'version = 3.11.7\n');
  for (let index = 0; index < DISTRIBUTIONS; index += 1) {
    const folder = path.join(site, `package_${index}-1.${index}.0.dist-info`);
    await mkdir(folder);
    const requires = [1, 2, 3].map((step) => `Requires-Dist: package-${(index + step * 7) % DISTRIBUTIONS}>=1.0`);
    const classifiers = Array.from({ length: 30 }, (_, n) => `Classifier: Topic :: Scientific/Engineering :: ${n}`);
    await writeFile(
      path.join(folder, 'METADATA'),
      [
        `Metadata-Version: 2.1`,
        `Name: package-${index}`,
        `Version: 1.${index}.0`,
        ...classifiers,
        ...requires,
        '',
        'x'.repeat(20_000),
      ].join('\n'),
    );
  }
  const requirements = Array.from({ length: 30 }, (_, index) => `package-${index * 13}>=1.0`).join('\n');
  await writeFile(path.join(root, 'requirements.txt'), `${requirements}\n`);
  await writeFile(path.join(root, 'train.py'), 'print(1)\n');
  return ['requirements.txt', 'train.py'];
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

export async function environmentBench(): Promise<void> {
  const withVenv = path.join(BENCH_DIR, 'environment', 'venv-project');
  const files = await venvProject(withVenv);
  const onPath = path.join(BENCH_DIR, 'environment', 'path-project');
  await rm(onPath, { recursive: true, force: true });
  await mkdir(onPath, { recursive: true });
  await writeFile(path.join(onPath, 'requirements.txt'), 'numpy\nscipy>=1.0\n');
  let constraints = 0;
  const venv = await median(async () => {
    constraints = (await readEnvironment(withVenv, files, true)).build?.constraints?.length ?? 0;
  });
  const path3 = await median(() => readEnvironment(onPath, ['requirements.txt'], true));
  const pip = await median(async () => {
    try {
      execFileSync('python3', ['-m', 'pip', 'list', '--format=json'], { stdio: 'ignore' });
    } catch {
      // pip missing: the baseline is then unavailable, shown as such below
    }
  });
  console.log(`\nenvironment capture (median of ${RUNS} runs)`);
  console.log(
    `  project .venv, ${DISTRIBUTIONS} distributions (20 kB METADATA each), 30 loose requirements: ${venv.toFixed(0)} ms (${constraints} constraints)`,
  );
  console.log(`  python3 on PATH (asked once): ${path3.toFixed(0)} ms`);
  console.log(
    `  baseline \`python3 -m pip list --format=json\`: ${pip.toFixed(0)} ms; capture/baseline ${(venv / pip).toFixed(2)}× (.venv), ${(path3 / pip).toFixed(2)}× (PATH)`,
  );
  console.log('  target: under 1,000 ms added to create');
}
