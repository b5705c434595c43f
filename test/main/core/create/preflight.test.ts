// Pre-flight at create time, against the real engine: results recorded from a container run,
// variation across runs turned into tolerances, a failing run stopping the create, and proposed
// commands checked in the built image without running them.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { preflight } from '../../../../main/core/create/preflight';
import { checkRunnable } from '../../../../main/core/create/runnable-check';
import { generateKey, loadSigningKey, type SigningKey } from '../../../../main/core/signing/keys';
import { requireBaseImage, requireDocker } from '../../../helpers/docker';
import { readAllEntries } from '../../../helpers/rewrite-bundle';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let docker: Docker;
let baseImage: string;
let work: string;
let key: SigningKey;

beforeAll(async () => {
  docker = await requireDocker();
  baseImage = await requireBaseImage(docker);
  work = await mkdtemp(path.join(tmpdir(), 'rb-preflight-'));
  await generateKey({ dir: path.join(work, 'key'), name: 'Ada Author' });
  key = await loadSigningKey(path.join(work, 'key'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function project(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(work, name);
  await cp(path.join(REPO_ROOT, 'resources', 'example-project'), dir, { recursive: true });
  await rm(path.join(dir, 'metrics.json')); // never run here: only the pre-flight produces results
  await edit(dir);
  return dir;
}

const createOptions = (projectDir: string) => ({
  projectDir,
  key,
  baseImage,
  run: 'python train.py',
  results: ['metrics.json'],
  hardware: false,
  docker,
});

describe('preflight', () => {
  it('records the results of a container run, and proposes tolerances for metrics that vary', async () => {
    const dir = await project('noisy', async (root) => {
      const train = path.join(root, 'train.py');
      // Unseeded noise on the loss: it differs run to run, like a nondeterministic GPU kernel.
      await writeFile(
        train,
        (await readFile(train, 'utf8')).replace(
          'loss = float(',
          'loss = float(np.random.default_rng().normal(scale=1e-3)) + float(',
        ),
      );
    });
    const checked = await preflight({
      create: createOptions(dir),
      docker,
      runs: 3,
      workRoot: path.join(work, 'runs'),
      cacheDir: path.join(work, 'cache'),
    });
    expect(checked.runs).toBe(3);
    expect(checked.varying.map((variation) => variation.name)).toEqual(['test.loss']);
    expect(checked.proposedTolerances).toEqual([
      {
        metric: 'metrics.json:test.loss',
        absolute: 2 * ((checked.varying[0]?.max ?? 0) - (checked.varying[0]?.min ?? 0)),
      },
    ]);

    const output = path.join(work, 'noisy.rbundle');
    const made = await createBundle({
      ...createOptions(dir),
      output,
      resultsDir: checked.outputsDir,
      tolerances: checked.proposedTolerances,
      preflight: { runs: checked.runs, varying: checked.varying },
    });
    const recorded = JSON.parse(await readFile(path.join(checked.outputsDir, 'metrics.json'), 'utf8')) as {
      test: { loss: number };
    };
    expect(made.manifest.results.metrics.find((metric) => metric.name === 'test.loss')).toMatchObject({
      value: recorded.test.loss,
      tolerance: { absolute: checked.proposedTolerances[0]?.absolute },
    });
    expect(made.manifest.preflight).toEqual({ runs: 3, varying: checked.varying });
    // The bundled results file is the one the run wrote, so the manifest and the file agree.
    expect((await readAllEntries(output)).get('project/metrics.json')?.data.toString('utf8')).toBe(
      await readFile(path.join(checked.outputsDir, 'metrics.json'), 'utf8'),
    );
  });

  it('stops the create when the run fails, and writes no bundle', async () => {
    const dir = await project('broken', async (root) =>
      writeFile(path.join(root, 'train.py'), 'raise SystemExit("the experiment crashed")\n'),
    );
    await expect(
      preflight({
        create: createOptions(dir),
        docker,
        runs: 1,
        workRoot: path.join(work, 'runs'),
        cacheDir: path.join(work, 'cache'),
      }),
    ).rejects.toMatchObject({
      code: 'preflight-run-failed',
      message: expect.stringContaining('the experiment crashed'),
    });
    expect((await readdir(work)).filter((name) => name.endsWith('.rbundle') && name.includes('broken'))).toEqual([]);
  });

  it('checks proposed commands in the built image without running them, and refuses a chosen one that cannot run', async () => {
    const dir = await project('runnable', async (root) => {
      await writeFile(path.join(root, 'py2_eval.py'), 'print "accuracy"\n'); // Python 2: no longer compiles
      await mkdir(path.join(root, 'scripts'));
      await mkdir(path.join(root, 'pkg'));
      await writeFile(path.join(root, 'scripts', 'good.sh'), '#!/bin/sh\nfor s in 1 2; do python train.py; done\n');
      await writeFile(path.join(root, 'scripts', 'bad.sh'), '#!/bin/sh\nif [ -f x ]; then echo\n');
      await writeFile(path.join(root, 'pkg', '__init__.py'), '');
      await writeFile(path.join(root, 'pkg', 'train.py'), 'print(1)\n');
      await writeFile(path.join(root, 'Makefile'), 'train:\n\tpython train.py\n');
    });
    const checked = await preflight({
      create: createOptions(dir),
      docker,
      runs: 1,
      workRoot: path.join(work, 'runs'),
      cacheDir: path.join(work, 'cache'),
    });
    expect(checked.entrypoints[0]).toEqual({ command: 'python train.py', runnable: true, detail: '' });

    const commands = [
      'python -u train.py --epochs 3 > log.txt 2>&1',
      'cd scripts && sh good.sh',
      'bash scripts/bad.sh',
      'python py2_eval.py',
      'python -m pkg.train',
      'python -m pkg.missing',
      'CUDA_VISIBLE_DEVICES=0 python missing.py',
      'make train',
      'Rscript analysis.R',
    ];
    const results = await checkRunnable(docker, checked.image.tag, commands);
    expect(results.map((result) => [result.command, result.runnable])).toEqual([
      [commands[0], true],
      [commands[1], true],
      [commands[2], false],
      [commands[3], false],
      [commands[4], true],
      [commands[5], false],
      [commands[6], false],
      [commands[7], false], // the offline base image has no make
      [commands[8], false],
    ]);
    const detail = (command: string): string => results.find((result) => result.command === command)?.detail ?? '';
    expect(detail('bash scripts/bad.sh')).toContain('bash -n scripts/bad.sh found a syntax error');
    expect(detail('python py2_eval.py')).toMatch(/SyntaxError[\s\S]*py2_eval\.py does not compile with Python 3\.11/);
    expect(detail('python -m pkg.missing')).toContain('python finds no module pkg.missing');
    expect(detail('CUDA_VISIBLE_DEVICES=0 python missing.py')).toContain('missing.py: no such file');
    expect(detail('make train')).toContain('make: not installed in the image');
    expect(detail('Rscript analysis.R')).toContain('Rscript: not installed in the image');

    await expect(
      preflight({
        create: { ...createOptions(dir), run: 'python py2_eval.py' },
        docker,
        runs: 1,
        workRoot: path.join(work, 'runs'),
        cacheDir: path.join(work, 'cache'),
      }),
    ).rejects.toMatchObject({
      code: 'preflight-not-runnable',
      message: expect.stringContaining('py2_eval.py does not compile with Python 3.11'),
      fix: expect.stringContaining('`python train.py`'),
    });
  });
});
