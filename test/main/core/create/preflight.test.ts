// Pre-flight at create time, against the real engine: results recorded from a container run,
// variation across runs turned into tolerances, and a failing run stopping the create.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../../../main/core/create/create-bundle';
import { preflight } from '../../../../main/core/create/preflight';
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
});
