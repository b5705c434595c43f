// The generated Dockerfile (generator version 2) for each kind of environment a project can
// declare, shaped like the real layouts that broke version 1: cookiecutter-data-science's `-e .`,
// a DVC project's nested requirements, setup.py and PEP 621 packages, MLproject's conda env,
// conda active for the command, poetry's main group, uv's extras, a Pipfile without a lock.
import { describe, expect, it } from 'vitest';
import type { EnvironmentInfo } from '../../../../main/shared/manifest';
import { defaultBaseImage, generateDockerfile } from '../../../../main/core/recipes/dockerfile';
import { NO_BUILD_INPUTS, type BuildInputs } from '../../../../main/core/recipes/recipe';

const env = (
  files: [string, string][],
  build: Partial<BuildInputs> = {},
  runtimes: EnvironmentInfo['runtimes'] = [],
): EnvironmentInfo => ({
  files: files.map(([path, kind]) => ({ path, kind })),
  runtimes,
  findings: [],
  build: { ...NO_BUILD_INPUTS, ...build },
});
const dockerfile = (environment: EnvironmentInfo, command: string | null = 'python train.py'): string =>
  generateDockerfile({
    baseImage: { ref: 'python:3.11-slim@sha256:' + 'a'.repeat(64), digest: 'sha256:' + 'a'.repeat(64), source: 'test' },
    environment,
    command,
    projectName: 'demo',
  });
/** The instruction lines, without comments and blank lines. */
const instructions = (text: string): string[] =>
  text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
const indexOf = (text: string, prefix: string): number =>
  instructions(text).findIndex((line) => line.startsWith(prefix));

describe('generateDockerfile (versions 2 and 3)', () => {
  it('copies the project first and installs from that copy, so -e . and -r other.txt resolve', () => {
    const text = dockerfile(
      env([
        ['requirements.txt', 'pip requirements'],
        ['requirements/dev.txt', 'pip requirements'],
      ]),
    );
    expect(text).toContain(`FROM python:3.11-slim@sha256:${'a'.repeat(64)}`);
    expect(text).toContain('RUN python3 -m venv --system-site-packages /opt/venv');
    expect(text).toContain(
      'RUN pip install --no-cache-dir --no-build-isolation -r requirements.txt || pip install --no-cache-dir -r requirements.txt',
    );
    expect(text).not.toContain('requirements/dev.txt');
    expect(text).not.toContain('/tmp/reprobundle');
    expect(indexOf(text, 'COPY --chown=10001:10001 project/ /app/')).toBeLessThan(indexOf(text, 'RUN pip install'));
    expect(indexOf(text, 'WORKDIR /app')).toBeLessThan(indexOf(text, 'RUN pip install'));
    expect(indexOf(text, 'USER 10001')).toBeGreaterThan(indexOf(text, 'RUN pip install'));
    expect(text.trim().endsWith('CMD ["/bin/sh", "-c", "python train.py"]')).toBe(true);
  });

  it("installs the requirements file the scan chose (DVC's src/requirements.txt) and the project package", () => {
    const text = dockerfile(
      env([['src/requirements.txt', 'pip requirements']], { requirements: 'src/requirements.txt' }),
    );
    expect(text).toContain('--no-build-isolation -r src/requirements.txt');
    const packaged = dockerfile(env([['setup.py', 'setup.py']], { installProject: true }));
    expect(packaged).toContain(
      'RUN pip install --no-cache-dir --no-build-isolation -e . || pip install --no-cache-dir -e .',
    );
    expect(packaged).not.toContain('No Python dependencies were declared');
    const both = dockerfile(
      env(
        [
          ['requirements.txt', 'pip requirements'],
          ['pyproject.toml', 'pyproject'],
        ],
        { installProject: true },
      ),
    );
    expect(indexOf(both, 'RUN pip install --no-cache-dir --no-build-isolation -r')).toBeLessThan(
      indexOf(both, 'RUN pip install --no-cache-dir --no-build-isolation -e .'),
    );
  });

  it('uses the lockfile when there is one: uv with its extras, poetry main group only, Pipfile with or without a lock', () => {
    const uv = dockerfile(
      env(
        [
          ['pyproject.toml', 'pyproject'],
          ['uv.lock', 'uv lockfile'],
          ['requirements.txt', 'pip requirements'],
        ],
        { extras: ['cpu'], installProject: true },
      ),
    );
    expect(uv).toContain('uv sync --frozen --no-install-project --extra cpu');
    expect(uv).not.toContain('--no-build-isolation -e .');
    const poetry = dockerfile(
      env([
        ['pyproject.toml', 'pyproject'],
        ['poetry.lock', 'poetry lockfile'],
      ]),
    );
    expect(poetry).toContain('/opt/poetry/bin/poetry install --only main --no-root --no-interaction');
    expect(poetry).toContain('python3 -m venv /opt/poetry');
    expect(
      dockerfile(
        env([
          ['Pipfile', 'Pipfile'],
          ['Pipfile.lock', 'Pipfile lockfile'],
        ]),
      ),
    ).toContain('pipenv install --system --deploy');
    expect(dockerfile(env([['Pipfile', 'Pipfile']]))).toContain('pipenv install --system --skip-lock');
  });

  it('creates the conda environment from the copy and puts it on PATH, so the command runs in it', () => {
    const text = dockerfile(env([['conda.yaml', 'conda environment']], { conda: 'conda.yaml' }));
    expect(text).toContain('RUN conda env create --file conda.yaml --prefix /opt/env && conda clean --all --yes');
    expect(text).toContain('ENV PATH=/opt/env/bin:$PATH CONDA_PREFIX=/opt/env CONDA_DEFAULT_ENV=/opt/env');
    expect(text).not.toContain('SHELL');
    expect(defaultBaseImage(env([['environment.yml', 'conda environment']])).ref).toBe('condaforge/miniforge3:latest');
  });

  it('adds apt.txt, make for a make command and postBuild (last, as the unprivileged user)', () => {
    const text = dockerfile(
      env([
        ['apt.txt', 'apt packages'],
        ['postBuild', 'postBuild'],
        ['requirements.txt', 'pip requirements'],
      ]),
      'make train',
    );
    expect(text).toContain("sed -e 's/#.*//' apt.txt | xargs -r apt-get install -y --no-install-recommends");
    expect(text).toContain('RUN command -v make >/dev/null 2>&1 ||');
    expect(indexOf(text, 'RUN chmod u+x postBuild && ./postBuild')).toBeGreaterThan(indexOf(text, 'USER 10001'));
    expect(dockerfile(env([]), 'python make_dataset.py')).not.toContain('command -v make');
  });

  it('lists environments it cannot install in a comment, never as a failing build step', () => {
    const files = env([
      ['renv.lock', 'renv lockfile'],
      ['Project.toml', 'Julia project'],
    ]);
    // Version 2 had no R or Julia recipe: a bundle it made regenerates as it was.
    const text = generateDockerfile(
      {
        baseImage: { ref: 'python:3.11-slim', digest: null, source: 'test' },
        environment: files,
        command: null,
        projectName: 'demo',
      },
      2,
    );
    expect(text).toContain(
      '# Not installed by this version of ReproBundle (the scan listed them): renv.lock, Project.toml',
    );
    expect(text).not.toContain('exit 1');
    // Version 3: R is the primary recipe; the Julia project beside it is listed, not installed.
    const current = dockerfile(files, 'Rscript analysis.R');
    expect(current).toContain('renv::restore(lockfile = "renv.lock"');
    expect(current).toContain('# Not installed by this version of ReproBundle (the scan listed them): Project.toml');
    expect(current).not.toContain('exit 1');
  });

  it('constraints (version 3): written into the image and given to every pip install; none in version 2', () => {
    const environment = env([['requirements.txt', 'pip requirements']], {
      requirements: 'requirements.txt',
      installProject: true,
      constraints: [
        { name: 'pandas', version: '2.2.1' },
        { name: 'python-dateutil', version: '2.9.0.post0' },
      ],
    });
    const text = dockerfile(environment);
    const lines = instructions(text);
    const write = lines.findIndex(
      (line) => line.includes('/opt/reprobundle/constraints.txt') && line.startsWith('RUN'),
    );
    expect(lines[write]).toBe(
      "RUN mkdir -p /opt/reprobundle && printf '%s\\n' pandas==2.2.1 python-dateutil==2.9.0.post0 > /opt/reprobundle/constraints.txt",
    );
    expect(lines[write + 1]).toBe('ENV PIP_CONSTRAINT=/opt/reprobundle/constraints.txt');
    expect(write).toBeLessThan(indexOf(text, 'RUN pip install'));
    expect(write).toBeGreaterThan(indexOf(text, 'ENV PATH=/opt/venv/bin'));
    const v2 = generateDockerfile(
      {
        baseImage: { ref: 'python:3.11-slim', digest: null, source: 'test' },
        environment,
        command: null,
        projectName: 'demo',
      },
      2,
    );
    expect(v2).not.toContain('constraints');
  });

  it('installs the chosen extras with the project: pip (-e .[x,y]), poetry (--extras) and uv (--extra)', () => {
    const pip = dockerfile(env([['setup.py', 'setup.py']], { installProject: true, extras: ['gpu', 'eval'] }));
    expect(pip).toContain("pip install --no-cache-dir --no-build-isolation -e '.[gpu,eval]'");
    const poetry = dockerfile(
      env(
        [
          ['pyproject.toml', 'pyproject'],
          ['poetry.lock', 'poetry lockfile'],
        ],
        { extras: ['gpu'] },
      ),
    );
    expect(poetry).toContain('--only main --no-root --no-interaction --extras gpu');
  });

  it('adds the tools the command starts that a slim image may lack: make, bash and git (version 2: make only)', () => {
    const text = dockerfile(env([]), 'bash scripts/run.sh && git rev-parse HEAD > commit.txt && make eval');
    for (const tool of ['make', 'bash', 'git'])
      expect(text).toContain(
        `RUN command -v ${tool} >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends ${tool}`,
      );
    const v2 = generateDockerfile(
      {
        baseImage: { ref: 'python:3.11-slim', digest: null, source: 'test' },
        environment: env([]),
        command: 'bash run.sh && make eval',
        projectName: 'demo',
      },
      2,
    );
    expect(v2).toContain('RUN command -v make');
    expect(v2).not.toContain('RUN command -v bash');
  });

  it('R (version 3): renv.lock restored on rocker/r-ver at the locked R version, install.R run, DESCRIPTION deps', () => {
    const renv = env(
      [
        ['renv.lock', 'renv lockfile'],
        ['install.R', 'R install script'],
      ],
      {},
      [{ language: 'r', version: '4.3.1', source: 'renv.lock' }],
    );
    expect(defaultBaseImage(renv)).toEqual({ ref: 'rocker/r-ver:4.3.1', source: 'R 4.3.1 (renv.lock)' });
    const text = dockerfile(renv, 'Rscript analysis.R');
    const lines = instructions(text);
    expect(lines).toContain(
      'ENV R_LIBS_USER=/opt/r-library R_LIBS_SITE=/opt/r-library RENV_CONFIG_AUTOLOADER_ENABLED=FALSE',
    );
    expect(indexOf(text, 'RUN R --quiet --no-save -e \'install.packages("renv"')).toBeGreaterThan(
      indexOf(text, 'COPY'),
    );
    expect(indexOf(text, 'RUN Rscript install.R')).toBeGreaterThan(indexOf(text, 'RUN R --quiet'));
    // No Python virtual environment in an R image.
    expect(text).not.toContain('python3 -m venv');

    const description = dockerfile(env([['DESCRIPTION', 'R package DESCRIPTION']]), 'Rscript analysis.R');
    expect(description).toContain('remotes::install_deps(".", dependencies = TRUE, upgrade = "never"');
    expect(defaultBaseImage(env([['DESCRIPTION', 'R package DESCRIPTION']])).ref).toBe('rocker/r-ver:latest');
  });

  it('Julia (version 3): Pkg.instantiate into a depot under /opt, readable; a writable depot first at run time', () => {
    const julia = env(
      [
        ['Project.toml', 'Julia project'],
        ['Manifest.toml', 'Julia manifest'],
      ],
      {},
      [{ language: 'julia', version: '1.10.4', source: 'Manifest.toml' }],
    );
    expect(defaultBaseImage(julia).ref).toBe('julia:1.10.4');
    const lines = instructions(dockerfile(julia, 'julia --project=. run.jl'));
    expect(lines).toContain('ENV JULIA_DEPOT_PATH=/opt/julia-depot JULIA_PROJECT=/app');
    expect(lines).toContain(
      "RUN julia -e 'using Pkg; Pkg.instantiate(); Pkg.precompile()' && chmod -R a+rX /opt/julia-depot",
    );
    expect(lines.at(-3)).toBe('ENV JULIA_DEPOT_PATH=/tmp/home/.julia:/opt/julia-depot');
  });

  it('a Python environment stays primary: an R lock beside requirements.txt is listed, not installed', () => {
    const text = dockerfile(
      env([
        ['requirements.txt', 'pip requirements'],
        ['renv.lock', 'renv lockfile'],
      ]),
    );
    expect(text).toContain('pip install --no-cache-dir --no-build-isolation -r requirements.txt');
    expect(text).not.toContain('renv::restore');
    expect(text).toContain('(the scan listed them): renv.lock');
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

  it("picks the base image from the scan's Python decision, else the recorded version", () => {
    expect(
      defaultBaseImage(
        env([], { python: { version: '3.11', source: 'the interpreter that ran the experiment (3.11.4)' } }),
      ),
    ).toEqual({ ref: 'python:3.11-slim', source: 'Python 3.11: the interpreter that ran the experiment (3.11.4)' });
    expect(
      defaultBaseImage({
        files: [],
        findings: [],
        runtimes: [{ language: 'python', version: '3.10.12', source: 'runtime.txt' }],
      }),
    ).toEqual({ ref: 'python:3.10-slim', source: 'Python 3.10.12 (runtime.txt)' });
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
    expect(instructions(text).some((line) => line.includes('pwned'))).toBe(false);
    expect(text).toContain('# Replays "demo"\\nRUN touch /pwned\\n# " as its author ran it.');
  });

  it('a file name with $(…), quotes or a newline is quoted in RUN lines and kept on its comment line', () => {
    const text = dockerfile(env([["requirements$(id)'x.txt", 'pip requirements']]));
    expect(text).toContain(`-r 'requirements$(id)'\\''x.txt'`);
    const conda = dockerfile(env([['environment $(id).yml', 'conda environment']]));
    expect(conda).toContain("RUN conda env create --file 'environment $(id).yml' --prefix /opt/env");
    const hostileFiles: [string, string][] = [
      ['renv\nRUN touch /pwned.lock', 'renv lockfile'],
      ['x\nRUN touch /pwned/Project.toml', 'Julia project'],
      ["install.R'; touch /pwned; '", 'R install script'],
    ];
    for (const [name, kind] of hostileFiles) {
      const hostile = dockerfile(env([[name, kind]]));
      expect(
        instructions(hostile).some((line) => line.includes('pwned')),
        name,
      ).toBe(false);
    }
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
