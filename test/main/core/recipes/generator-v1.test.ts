// Generator version 1, frozen: the rules older bundles were made with still give the same text
// (a replay regenerates their Dockerfile with them).
import { describe, expect, it } from 'vitest';
import type { EnvironmentInfo } from '../../../../main/shared/manifest';
import { generateDockerfileV1 as generateDockerfile } from '../../../../main/core/recipes/generator-v1';

const env = (files: [string, string][], runtimes: EnvironmentInfo['runtimes'] = []): EnvironmentInfo => ({
  files: files.map(([path, kind]) => ({ path, kind })),
  runtimes,
  findings: [],
});
const dockerfile = (environment: EnvironmentInfo, command: string | null = 'python train.py'): string =>
  generateDockerfile({
    baseImage: { ref: 'python:3.11-slim@sha256:' + 'a'.repeat(64), digest: 'sha256:' + 'a'.repeat(64), source: 'test' },
    environment,
    command,
    projectName: 'demo',
  });

describe('generator version 1', () => {
  it('installs pip requirements into a venv that sees the base image packages, as a non-root user', () => {
    const text = dockerfile(
      env([
        ['requirements.txt', 'pip requirements'],
        ['requirements/dev.txt', 'pip requirements'],
      ]),
    );
    expect(text).toContain(`FROM python:3.11-slim@sha256:${'a'.repeat(64)}`);
    expect(text).toContain('RUN python3 -m venv --system-site-packages /opt/venv');
    expect(text).toContain('RUN pip install --no-cache-dir -r /tmp/reprobundle/requirements.txt');
    expect(text).not.toContain('requirements/dev.txt');
    expect(text).toMatch(/USER 10001\n/);
    expect(text.trim().endsWith('CMD ["/bin/sh", "-c", "python train.py"]')).toBe(true);
    expect(text).not.toContain('NOT pinned');
  });

  it('uses the lockfile when there is one: uv, then poetry, then Pipfile.lock', () => {
    expect(
      dockerfile(
        env([
          ['pyproject.toml', 'pyproject'],
          ['uv.lock', 'uv lockfile'],
          ['requirements.txt', 'pip requirements'],
        ]),
      ),
    ).toContain('uv sync --frozen');
    expect(
      dockerfile(
        env([
          ['pyproject.toml', 'pyproject'],
          ['poetry.lock', 'poetry lockfile'],
        ]),
      ),
    ).toContain('poetry install --no-root');
    expect(
      dockerfile(
        env([
          ['Pipfile', 'Pipfile'],
          ['Pipfile.lock', 'Pipfile lockfile'],
        ]),
      ),
    ).toContain('pipenv install --deploy --system');
  });

  it('creates the conda environment and runs in it', () => {
    const text = dockerfile(env([['environment.yml', 'conda environment']]));
    expect(text).toContain('RUN conda env create --file /tmp/reprobundle/environment.yml --name repro');
    expect(text).toContain('SHELL ["conda", "run", "--no-capture-output", "--name", "repro", "/bin/sh", "-c"]');
  });

  it('stops the build with a message naming environments it cannot install yet', () => {
    const text = dockerfile(
      env([
        ['renv.lock', 'renv lockfile'],
        ['Project.toml', 'Julia project'],
      ]),
    );
    expect(text).toContain('RUN echo "ReproBundle: not supported yet: renv.lock, Project.toml" >&2 && exit 1');
  });

  it('says so when no command was recorded, and when the base image is not pinned', () => {
    const text = generateDockerfile({
      baseImage: { ref: 'python:3.12-slim', digest: null, source: 'default' },
      environment: env([]),
      command: null,
      projectName: 'demo',
    });
    expect(text).toContain('NOT pinned');
    expect(text).toContain('No Python dependencies were declared');
    expect(text).toContain('records no command to run');
  });
});

describe('manifest text in the generated Dockerfile', () => {
  it('a project name with a newline cannot start an instruction', () => {
    const text = generateDockerfile({
      baseImage: { ref: 'python:3.12-slim', digest: null, source: 'default\nRUN touch /pwned-by-source' },
      environment: env([]),
      command: 'python train.py',
      projectName: 'demo"\nRUN touch /pwned\n# ',
    });
    const instructions = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(instructions.some((line) => line.includes('pwned'))).toBe(false);
    expect(text).toContain('# Replays "demo"\\nRUN touch /pwned\\n# " as its author ran it.');
  });

  it('a file name with $(…) or quotes is quoted in RUN lines and copied with the JSON form', () => {
    const text = dockerfile(env([["requirements$(id)'x.txt", 'pip requirements']]));
    expect(text).toContain(`COPY ["project/requirements$(id)'x.txt","/tmp/reprobundle/requirements$(id)'x.txt"]`);
    expect(text).toContain(`RUN pip install --no-cache-dir -r '/tmp/reprobundle/requirements$(id)'\\''x.txt'`);
    const conda = dockerfile(env([['environment $(id).yml', 'conda environment']]));
    expect(conda).toContain("RUN conda env create --file '/tmp/reprobundle/environment $(id).yml' --name repro");
    const unsupported = dockerfile(env([['renv$(id).lock', 'renv lockfile']]));
    expect(unsupported).toContain("RUN echo 'ReproBundle: not supported yet: renv$(id).lock' >&2 && exit 1");
  });

  it('the base image must be an image reference', () => {
    expect(() =>
      generateDockerfile({
        baseImage: { ref: 'python:3.12-slim\nRUN touch /pwned', digest: null, source: 'x' },
        environment: env([]),
        command: null,
        projectName: 'demo',
      }),
    ).toThrow('is not an image reference');
    expect(dockerfile(env([]))).toContain('FROM ');
  });
});
