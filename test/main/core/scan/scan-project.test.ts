// scanProject on a real git project with DVC files, params, secrets, links and a large file.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanProject, type ScanResult } from '../../../../main/core/scan/scan-project';
import { makeFixtureProject, type FixtureProject } from '../../../helpers/fixture-project';
import { REPO_ROOT } from '../../../helpers/serve-cli';

let fixture: FixtureProject;
let scan: ScanResult;

beforeAll(async () => {
  fixture = await makeFixtureProject({ largeFileBytes: 3 * 1024 * 1024 });
  scan = await scanProject(fixture.root, { largeFileBytes: 2 * 1024 * 1024, readContents: true, hardware: true });
});

afterAll(async () => {
  await rm(path.dirname(fixture.root), { recursive: true, force: true });
});

const paths = (): string[] => scan.files.map((file) => file.path);
const reasonFor = (file: string): string | undefined => scan.excluded.find((entry) => entry.path === file)?.reason;

describe('scanProject', () => {
  it('takes the code and honours .gitignore, virtualenvs, caches and .git', () => {
    expect(paths()).toEqual(
      expect.arrayContaining(['README.md', 'src/train.py', 'params.yaml', 'run.sh', 'src/extra.py']),
    );
    expect(reasonFor('.git')).toContain('never bundled');
    expect(reasonFor('data/raw/')).toBe('ignored by .gitignore');
    expect(reasonFor('.venv/')).toContain('environment');
    expect(reasonFor('src/__pycache__/')).toContain('built-in exclusion');
    expect(reasonFor('.dvc/cache/')).toContain('built-in exclusion');
    expect(
      paths().some((file) => file.startsWith('.venv/') || file.includes('__pycache__') || file.startsWith('.git/')),
    ).toBe(false);
    expect(scan.files.get('run.sh')?.executable).toBe(true);
  });

  it("says what it is doing after the walk, pass by pass (a million files' passes take seconds)", async () => {
    const events: { phase: string; done: number; message?: string }[] = [];
    await scanProject(fixture.root, {
      largeFileBytes: 2 * 1024 * 1024,
      hardware: false,
      onProgress: (phase, done, _total, message) =>
        events.push({ phase, done, ...(message === undefined ? {} : { message }) }),
    });
    const messages = events.flatMap((event) => (event.message === undefined ? [] : [event.message]));
    expect(messages).toEqual([
      'Reading pipelines and parameters',
      'Looking for entry points',
      'Reading the environment',
      'Looking for Git LFS pointers and results',
      'Checking names for secrets and large files',
      'Looking for datasets to sample',
    ]);
    // After the walk's own counting, each as the scan phase with the files walked.
    const passes = events.filter((event) => event.message !== undefined);
    expect(events.indexOf(passes[0] as (typeof events)[number])).toBeGreaterThan(0);
    expect(new Set(passes.map((event) => `${event.phase} ${event.done}`))).toEqual(
      new Set([`scan ${scan.files.length + scan.largeFiles.length}`]),
    );
  });

  it('records git commit, branch, remote without credentials, and uncommitted changes', () => {
    expect(scan.git?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(scan.git?.branch).toBe('main');
    expect(scan.git?.remote).toBe('https://github.com/ada/mnist-experiment.git');
    expect(scan.git?.changes).toEqual(
      expect.arrayContaining([
        { path: 'README.md', status: 'M' },
        { path: 'src/extra.py', status: '??' },
      ]),
    );
  });

  it('reports a link out of the project and stores a link inside as its file', () => {
    expect(scan.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'notes-link.txt', outcome: 'not-followed' }),
        expect.objectContaining({ path: 'README-link.md', outcome: 'stored-as-file', target: 'README.md' }),
      ]),
    );
    expect(paths()).not.toContain('notes-link.txt');
    expect(scan.files.get('README-link.md')?.absolute).toBe(path.join(scan.root, 'README.md'));
  });

  it('finds secrets by name and by content, and leaves templates and public keys alone', () => {
    const found = scan.secrets.map((secret) => `${secret.path} ${secret.rule}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '.env env-file',
        'keys/id_ed25519 ssh-private-key',
        '.env aws-access-key',
        'keys/id_ed25519 private-key-block',
      ]),
    );
    expect(found.some((entry) => entry.startsWith('.env.example') || entry.startsWith('keys/id_ed25519.pub'))).toBe(
      false,
    );
    expect(scan.secrets.find((secret) => secret.rule === 'aws-access-key')?.line).toBe(1);
  });

  it('leaves out a file whose name is not valid UTF-8, saying why, instead of failing', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'rb-latin1-'));
    try {
      await writeFile(path.join(root, 'train.py'), 'print(1)\n');
      // "café.txt" written by a Latin-1 system: the byte 0xE9 alone is not UTF-8.
      await writeFile(
        Buffer.concat([Buffer.from(path.join(root, 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]),
        'x',
      );
      // A name that really holds U+FFFD (valid UTF-8) is a name like any other.
      await writeFile(path.join(root, 'odd\ufffd.txt'), 'y');
      const result = await scanProject(root, { hardware: false, readContents: true });
      expect(result.files.map((file) => file.path)).toEqual(['odd\ufffd.txt', 'train.py']);
      expect(result.excluded).toContainEqual({
        path: 'caf\ufffd.txt',
        reason: expect.stringContaining('not valid UTF-8') as unknown as string,
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('turns files over the threshold into large files, never embedded', () => {
    expect(scan.largeFiles.map((file) => file.path)).toEqual(['data/big.bin']);
    expect(paths()).not.toContain('data/big.bin');
  });

  it('reads DVC pointers with their remote, and dvc.lock outputs', () => {
    expect(scan.dataPointers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'data/raw',
          md5: '0123456789abcdef0123456789abcdef.dir',
          isDirectory: true,
          nfiles: 60000,
          size: 52428800,
          source: 'dvc-file',
          remote: { name: 'storage', url: 's3://example-bucket/mnist' },
        }),
        expect.objectContaining({
          path: 'model.pkl',
          md5: '1a2b3c4d5e6f708192a3b4c5d6e7f809',
          size: 104857,
          source: 'dvc-lock',
        }),
      ]),
    );
  });

  it('flattens params from params.yaml, Hydra configs and constants files', () => {
    const values = Object.fromEntries(scan.params.values.map((value) => [`${value.file}:${value.key}`, value.value]));
    expect(values).toMatchObject({
      'params.yaml:train.lr': 0.1,
      'params.yaml:train.layers.1': 64,
      'params.yaml:seed': 7,
      'conf/model/cnn.yaml:dropout': 0.25,
      'src/const.py:LEARNING_RATE': 0.001,
      'src/const.py:BATCH_SIZE': 64,
      'src/const.py:MODEL_NAME': 'cnn',
      'src/const.py:DEBUG': false,
    });
    expect(values['src/const.py:helper']).toBeUndefined();
  });

  it('finds the environment files, the runtime version and the lint problems', () => {
    expect(scan.environment.files).toEqual(
      expect.arrayContaining([
        { path: 'requirements.txt', kind: 'pip requirements' },
        { path: 'runtime.txt', kind: 'runtime version' },
      ]),
    );
    expect(scan.environment.runtimes).toContainEqual({ language: 'python', version: '3.11.7', source: 'runtime.txt' });
    const codes = scan.environment.findings.map((finding) => `${finding.code}:${finding.line ?? ''}`);
    expect(codes).toEqual(expect.arrayContaining(['requirement-range:2', 'requirement-unpinned:3', 'no-lockfile:']));
    expect(codes.some((code) => code.endsWith(':1') && code.startsWith('requirement'))).toBe(false); // numpy==1.26.4 is pinned
  });

  it('offers synthetic samples for the datasets it can sample, never results or params', () => {
    // Here: data/raw/ is ignored (a DVC folder), metrics.json is a result, params.yaml a params file.
    expect(scan.sampleCandidates).toEqual([]);
  });

  it("offers the example project's dataset for a sample", async () => {
    const example = await scanProject(path.join(REPO_ROOT, 'resources', 'example-project'), { hardware: false });
    expect(example.results.files).toEqual(['metrics.json']);
    expect(example.sampleCandidates).toEqual(['data/points.csv']);
  });

  it('offers a DVC-tracked dataset that git ignores when its local copy is present', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'rb-dvc-sample-'));
    await cp(path.join(REPO_ROOT, 'resources', 'example-project'), project, { recursive: true });
    await writeFile(path.join(project, '.gitignore'), '/data/points.csv\n');
    await writeFile(
      path.join(project, 'data', 'points.csv.dvc'),
      'outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 10\n  path: points.csv\n',
    );
    await writeFile(
      path.join(project, 'data', 'gone.csv.dvc'),
      'outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 10\n  path: gone.csv\n',
    );
    const scanned = await scanProject(project, { hardware: false });
    expect(scanned.files.map((file) => file.path)).not.toContain('data/points.csv');
    // Present locally: offered; declared but absent here: not.
    expect(scanned.sampleCandidates).toEqual(['data/points.csv']);
    await rm(project, { recursive: true, force: true });
  });

  it('records hardware as data', () => {
    expect(scan.hardware?.cpu.cores).toBeGreaterThan(0);
    expect(scan.hardware?.memoryBytes).toBeGreaterThan(1024 ** 3);
    expect(scan.hardware?.os.arch).toBeTruthy();
    expect(scan.hardware?.python).toMatch(/^3\.\d+/);
  });

  it('proposes entrypoints and reads the DVC metrics with tolerances', () => {
    // The DVC stage and the src/train.py script propose the same command: it is listed once, from DVC.
    // The project's run.sh is a proposal of its own, after it.
    expect(scan.entrypointProposals).toEqual([
      { command: 'python src/train.py', source: 'dvc.yaml stage "train"' },
      { command: 'bash run.sh', source: 'run.sh (a run script)' },
    ]);
    expect(scan.results.files).toEqual(['metrics.json']);
    expect(scan.results.metrics).toEqual([
      {
        name: 'eval.accuracy',
        file: 'metrics.json',
        source: 'file',
        value: 0.9731,
        tolerance: { absolute: 1e-9, relative: 1e-3 },
      },
      {
        name: 'eval.loss',
        file: 'metrics.json',
        source: 'file',
        value: 0.0812,
        tolerance: { absolute: 1e-9, relative: 1e-3 },
      },
      { name: 'eval.epochs', file: 'metrics.json', source: 'file', value: 3, tolerance: null },
    ]);
  });
});
