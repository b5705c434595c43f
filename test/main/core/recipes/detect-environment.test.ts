// What the scan decides for the generator, on small projects shaped like real layouts: MLproject's
// conda_env, binder/, nested requirements (the only one, or the one the Makefile names), packages,
// the author's interpreter from the project's venv, and files no recipe installs as findings.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../../main/core/recipes/detect-environment';
import { writeProject } from '../../../helpers/write-project';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rb-detect-env-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let counter = 0;
async function environmentOf(files: Record<string, string>) {
  counter += 1;
  const root = path.join(work, String(counter));
  await writeProject(root, files);
  // The walk leaves virtual environments out; their pyvenv.cfg is still read for the interpreter.
  const listed = Object.keys(files).filter((file) => !file.startsWith('.venv/'));
  return readEnvironment(root, listed, true);
}

describe('readEnvironment', () => {
  it("an MLflow project: MLproject's conda_env names the conda environment", async () => {
    const environment = await environmentOf({
      MLproject: 'name: demo\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: "python train.py"\n',
      'conda.yaml': 'name: demo\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n    - mlflow\n',
      'train.py': '',
    });
    expect(environment.build?.conda).toBe('conda.yaml');
    expect(environment.files).toContainEqual({ path: 'conda.yaml', kind: 'conda environment' });
    expect(environment.build?.python).toEqual({ version: '3.10', source: 'Python 3.10 from conda.yaml' });
  });

  it('nested requirements: the only one, or the one the Makefile names; several unnamed is a finding', async () => {
    const only = await environmentOf({ 'src/requirements.txt': 'numpy==1.24.2\n', 'src/train.py': '' });
    expect(only.build?.requirements).toBe('src/requirements.txt');
    const named = await environmentOf({
      'a/requirements.txt': 'numpy==1.24.2\n',
      'b/requirements.txt': 'numpy==1.24.2\n',
      Makefile: 'requirements:\n\tpip install -r b/requirements.txt\n',
    });
    expect(named.build?.requirements).toBe('b/requirements.txt');
    const ambiguous = await environmentOf({ 'a/requirements.txt': 'x==1\n', 'b/requirements.txt': 'y==1\n' });
    expect(ambiguous.build?.requirements).toBeNull();
    expect(ambiguous.findings.map((finding) => finding.code)).toContain('requirements-ambiguous');
    const vendored = await environmentOf({
      'node_modules/x/requirements.txt': 'x==1\n',
      'requirements-dev.txt': 'pytest==8\n',
      'src/requirements.txt': 'numpy==1.24.2\n',
    });
    expect(vendored.build?.requirements).toBe('src/requirements.txt');
  });

  it('binder/ describes the environment instead of the top level, as in repo2docker', async () => {
    const environment = await environmentOf({
      'binder/requirements.txt': 'numpy==1.24.2\n',
      'binder/postBuild': 'echo ok\n',
      'requirements.txt': 'torch==2.0\n',
    });
    expect(environment.build?.requirements).toBe('binder/requirements.txt');
    expect(environment.files).toContainEqual({ path: 'binder/postBuild', kind: 'postBuild' });
  });

  it("a package (setup.py, or pyproject's [project]) is installed; a tools-only pyproject is not", async () => {
    expect((await environmentOf({ 'setup.py': 'from setuptools import setup\nsetup()\n' })).build?.installProject).toBe(
      true,
    );
    expect(
      (await environmentOf({ 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n' })).build?.installProject,
    ).toBe(true);
    expect((await environmentOf({ 'pyproject.toml': '[tool.black]\nline-length = 100\n' })).build?.installProject).toBe(
      false,
    );
  });

  it("poetry's ^3.8 meets the interpreter in the project's .venv, never 3.8", async () => {
    const environment = await environmentOf({
      'pyproject.toml': '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.8"\n',
      'poetry.lock': '',
      '.venv/pyvenv.cfg': 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.4\n',
    });
    expect(environment.build?.python).toEqual({
      version: '3.11',
      source: 'the interpreter that ran the experiment (3.11.4, .venv/pyvenv.cfg), within ^3.8 (pyproject.toml)',
    });
  });

  it("records what the author's interpreter had, and a pin it did not have is a finding", async () => {
    const environment = await environmentOf({
      'requirements.txt': 'numpy==1.24.2\npyyaml==6.0\n',
      '.venv/pyvenv.cfg': 'version = 3.11.4\n',
      '.venv/lib/python3.11/site-packages/numpy-2.4.6.dist-info/METADATA':
        'Metadata-Version: 2.1\nName: numpy\nVersion: 2.4.6\n',
      '.venv/lib/python3.11/site-packages/PyYAML-6.0.dist-info/METADATA':
        'Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0\n',
    });
    expect(environment.installed).toEqual({
      python: '3.11.4',
      source: '.venv/pyvenv.cfg',
      distributions: [
        { name: 'numpy', version: '2.4.6' },
        { name: 'pyyaml', version: '6.0' },
      ],
    });
    const conflicts = environment.findings.filter((finding) => finding.code === 'pin-differs-from-installed');
    expect(conflicts.map((finding) => finding.message)).toEqual([
      'requirements.txt pins numpy==1.24.2, but the interpreter that ran the experiment has 2.4.6: which one produced the results?',
    ]);
  });

  it("a project Dockerfile's python image is an exact pin, and the Dockerfile the environment", async () => {
    const environment = await environmentOf({
      Dockerfile: 'FROM python:3.7-slim\nCOPY . .\n',
      'renv.lock': '{"R": {"Version": "4.3.1"}}',
      'Project.toml': 'name = "X"\n',
    });
    expect(environment.build?.python?.version).toBe('3.7');
    const codes = environment.findings.map((finding) => `${finding.code} ${finding.file ?? ''}`);
    // The project's own Dockerfile is the environment (built first as the author's stage): the R
    // and Julia files are the author's to install there.
    expect(codes).toEqual(['project-dockerfile Dockerfile']);
    expect(environment.build?.dockerfile).toEqual({ path: 'Dockerfile', from: 'python:3.7-slim' });
  });

  it('a project Dockerfile a replay may not build is left unused, naming why; the generated recipe is used', async () => {
    const environment = await environmentOf({
      Dockerfile: 'FROM python:3.11\nADD https://example.org/weights.bin /opt/\nCOPY . /app\n',
      'requirements.txt': 'numpy==1.26.4\n',
    });
    expect(environment.build?.dockerfile).toBeNull();
    const unused = environment.findings.find((finding) => finding.code === 'project-dockerfile-not-used');
    expect(unused?.message).toContain('ADD of a URL');
    expect(unused?.file).toBe('Dockerfile');
  });

  it('another language beside the primary recipe is a warning; a JS demo lockfile is info and hides no Python warning', async () => {
    const environment = await environmentOf({
      'requirements.txt': 'numpy\n',
      'renv.lock': '{"R": {"Version": "4.3.1"}}',
      'demo/web/package-lock.json': '{}',
      'package-lock.json': '{}',
    });
    const codes = environment.findings.map((finding) => `${finding.severity} ${finding.code} ${finding.file ?? ''}`);
    expect(codes).toContain('warning environment-not-installed renv.lock');
    expect(codes).toContain('info environment-file-not-used package-lock.json');
    // Loose requirements: the npm lockfile does not count as the environment's lockfile.
    expect(codes).toContain('warning no-lockfile ');
  });

  it('an R project with install.R: the R recipe installs it, no finding says otherwise', async () => {
    const environment = await environmentOf({
      'install.R': 'install.packages("ggplot2")\n',
      'analysis.R': 'print(1)\n',
    });
    expect(environment.files).toEqual([{ path: 'install.R', kind: 'R install script' }]);
    expect(environment.findings.map((finding) => finding.code)).not.toContain('environment-not-installed');
  });

  it('loose requirements get the recorded versions of everything they reach as constraints; pins are never overridden', async () => {
    const site = '.venv/lib/python3.11/site-packages';
    const metadata = (name: string, version: string, requires: string[] = []): string =>
      [
        'Metadata-Version: 2.1',
        `Name: ${name}`,
        `Version: ${version}`,
        'Classifier: Programming Language :: Python',
        ...requires.map((entry) => `Requires-Dist: ${entry}`),
        '',
        'Requires-Dist: not-a-header-but-the-description',
      ].join('\n');
    const environment = await environmentOf({
      'requirements.txt': 'pandas>=2.0\nnumpy==1.26.4\nrequests\nscipy<1.0\n',
      '.venv/pyvenv.cfg': 'version = 3.11.4\n',
      [`${site}/pandas-2.2.1.dist-info/METADATA`]: metadata('pandas', '2.2.1', [
        'numpy>=1.23.2',
        'python-dateutil>=2.8.2',
        'pytest>=7.3.2 ; extra == "test"',
      ]),
      [`${site}/numpy-2.4.6.dist-info/METADATA`]: metadata('numpy', '2.4.6'),
      [`${site}/python_dateutil-2.9.0.post0.dist-info/METADATA`]: metadata('python-dateutil', '2.9.0.post0', [
        'six>=1.5',
      ]),
      [`${site}/six-1.16.0.dist-info/METADATA`]: metadata('six', '1.16.0'),
      [`${site}/requests-2.31.0.dist-info/METADATA`]: metadata('requests', '2.31.0', ['urllib3<3,>=1.21.1']),
      [`${site}/urllib3-2.2.1.dist-info/METADATA`]: metadata('urllib3', '2.2.1'),
      [`${site}/scipy-1.13.0.dist-info/METADATA`]: metadata('scipy', '1.13.0'),
      [`${site}/pytest-8.0.0.dist-info/METADATA`]: metadata('pytest', '8.0.0'),
      [`${site}/not_a_header_but_the_description-1.0.dist-info/METADATA`]: metadata(
        'not-a-header-but-the-description',
        '1.0',
      ),
    });
    // numpy is pinned (never constrained, though pandas needs it); scipy's range excludes what the
    // interpreter had (a conflict, not a constraint); pytest only for an extra; the description is
    // not read as headers.
    expect(environment.build?.constraints).toEqual([
      { name: 'pandas', version: '2.2.1' },
      { name: 'python-dateutil', version: '2.9.0.post0' },
      { name: 'requests', version: '2.31.0' },
      { name: 'six', version: '1.16.0' },
      { name: 'urllib3', version: '2.2.1' },
    ]);
    // What the manifest records of the interpreter is names and versions only.
    expect(environment.installed?.distributions[0]).toEqual({
      name: 'not-a-header-but-the-description',
      version: '1.0',
    });
  });

  it('lists the extras a project offers (uv, pip, poetry), installed only when chosen', async () => {
    const environment = await environmentOf({
      'pyproject.toml':
        '[project]\nname = "demo"\nversion = "0.1"\ndependencies = ["numpy"]\n\n[project.optional-dependencies]\ngpu = ["torch"]\ncpu = ["torch"]\n\n[tool.poetry.extras]\neval = ["pandas"]\n',
      'uv.lock': 'version = 1\n',
    });
    expect(environment.build?.extrasAvailable).toEqual(['cpu', 'eval', 'gpu']);
    expect(environment.build?.extras).toEqual([]);
    const offered = environment.findings.find((finding) => finding.code === 'extras-available');
    expect(offered?.message).toContain('offers the extras cpu, eval, gpu: none is installed unless chosen');
  });
});
