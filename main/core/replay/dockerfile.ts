// Generates the Dockerfile (and .dockerignore) stored in a bundle: a base image chosen from the
// detected runtime (pinned by digest when the engine knows it), a non-root user, dependencies
// installed from the lockfile, the project copied in, and the entrypoint. Written to be read by a
// reviewer at a glance. Environments it cannot install yet fail the build with a message naming
// the file, never silently.
import type { EnvironmentInfo } from '../../shared/manifest';

export interface BaseImage {
  /** What FROM names: `name:tag@sha256:…` when pinned. */
  ref: string;
  /** The digest the engine reported, when it knew the image. */
  digest: string | null;
  /** Why this image: detected runtime, --base-image, … */
  source: string;
}

/** Unprivileged user the replay runs as; its home is the only writable place in the image. */
export const CONTAINER_UID = 10001;
export const PROJECT_DIR = '/app';

/** Default base image for a Python version on a user's machine (public, pulled once, then pinned). */
export function defaultBaseImage(environment: EnvironmentInfo): { ref: string; source: string } {
  if (environment.files.some((file) => file.kind === 'conda environment' || file.kind === 'conda lockfile')) {
    return { ref: 'condaforge/miniforge3:latest', source: 'conda environment detected' };
  }
  const python = environment.runtimes.find((runtime) => runtime.language === 'python');
  const minor = /(\d+)\.(\d+)/.exec(python?.version ?? '');
  if (python !== undefined && minor !== null)
    return { ref: `python:${minor[1]}.${minor[2]}-slim`, source: `Python ${python.version} (${python.source})` };
  return { ref: 'python:3.12-slim', source: 'no Python version found; the current default' };
}

interface InstallPlan {
  lines: string[];
  /** Files that describe the environment but cannot be installed yet. */
  unsupported: string[];
}

function installPlan(environment: EnvironmentInfo): InstallPlan {
  const has = (kind: string): string | undefined => environment.files.find((file) => file.kind === kind)?.path;
  const copy = (file: string): string => `COPY project/${file} /tmp/reprobundle/${file}`;
  const supported = new Set([
    'pip requirements',
    'pyproject',
    'poetry lockfile',
    'uv lockfile',
    'Pipfile',
    'Pipfile lockfile',
    'conda environment',
    'setup.py',
    'runtime version',
    'Dockerfile',
  ]);
  const unsupported = environment.files.filter((file) => !supported.has(file.kind)).map((file) => file.path);
  const venv = [
    "# A virtual environment that also sees the base image's packages, so pins the image",
    '# already satisfies need no download.',
    'RUN python3 -m venv --system-site-packages /opt/venv',
    'ENV PATH=/opt/venv/bin:$PATH VIRTUAL_ENV=/opt/venv',
  ];

  const conda = has('conda environment');
  if (conda !== undefined) {
    return {
      lines: [
        '# Dependencies: the conda environment from ' + conda,
        copy(conda),
        `RUN conda env create --file /tmp/reprobundle/${conda} --name repro && conda clean --all --yes`,
        'SHELL ["conda", "run", "--no-capture-output", "--name", "repro", "/bin/sh", "-c"]',
      ],
      unsupported,
    };
  }
  const uv = has('uv lockfile');
  if (uv !== undefined) {
    return {
      lines: [
        ...venv,
        `# Dependencies: exactly the versions in ${uv}`,
        copy('pyproject.toml'),
        copy(uv),
        'RUN pip install --no-cache-dir uv && cd /tmp/reprobundle && UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-install-project',
      ],
      unsupported,
    };
  }
  const poetry = has('poetry lockfile');
  if (poetry !== undefined) {
    return {
      lines: [
        ...venv,
        `# Dependencies: exactly the versions in ${poetry}`,
        copy('pyproject.toml'),
        copy(poetry),
        'RUN pip install --no-cache-dir poetry && cd /tmp/reprobundle && poetry config virtualenvs.create false && poetry install --no-root --no-interaction',
      ],
      unsupported,
    };
  }
  const pipfileLock = has('Pipfile lockfile');
  if (pipfileLock !== undefined) {
    return {
      lines: [
        ...venv,
        `# Dependencies: exactly the versions in ${pipfileLock}`,
        copy('Pipfile'),
        copy(pipfileLock),
        'RUN pip install --no-cache-dir pipenv && cd /tmp/reprobundle && PIPENV_VENV_IN_PROJECT=0 pipenv install --deploy --system',
      ],
      unsupported,
    };
  }
  const requirements = environment.files
    .filter((file) => file.kind === 'pip requirements' && !file.path.includes('/'))
    .map((file) => file.path);
  const main = requirements.includes('requirements.txt') ? 'requirements.txt' : requirements[0];
  if (main !== undefined) {
    return {
      lines: [
        ...venv,
        `# Dependencies: ${main}`,
        copy(main),
        `RUN pip install --no-cache-dir -r /tmp/reprobundle/${main}`,
      ],
      unsupported,
    };
  }
  return {
    lines: [...venv, '# No Python dependencies were declared (no requirements.txt, lockfile or environment.yml).'],
    unsupported,
  };
}

export function generateDockerfile(options: {
  baseImage: BaseImage;
  environment: EnvironmentInfo;
  command: string | null;
  projectName: string;
}): string {
  const plan = installPlan(options.environment);
  const lines = [
    `# Replays "${options.projectName}" as its author ran it. Generated by ReproBundle from bundle.json;`,
    '# build from the unpacked bundle folder:  docker build -t replay .   (see README.md)',
    `# Base image: ${options.baseImage.source}${options.baseImage.digest === null ? ' (NOT pinned: pull it once before creating the bundle so its digest is recorded)' : ''}`,
    `FROM ${options.baseImage.ref}`,
    'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    '',
  ];
  if (plan.unsupported.length > 0) {
    lines.push(
      '# These environment files cannot be installed by ReproBundle yet; the build stops here rather',
      '# than produce an image without them.',
      `RUN echo "ReproBundle: not supported yet: ${plan.unsupported.join(', ')}" >&2 && exit 1`,
      '',
    );
  }
  lines.push(...plan.lines, '');
  lines.push(
    '# The project, owned by an unprivileged user',
    `RUN useradd --uid ${CONTAINER_UID} --create-home --shell /bin/sh repro 2>/dev/null || adduser -D -u ${CONTAINER_UID} repro`,
    `COPY --chown=${CONTAINER_UID}:${CONTAINER_UID} project/ ${PROJECT_DIR}/`,
    `WORKDIR ${PROJECT_DIR}`,
    `USER ${CONTAINER_UID}`,
    '',
  );
  lines.push(
    options.command === null
      ? '# The author recorded no command to reproduce the result.\nCMD ["/bin/sh", "-c", "echo \'This bundle records no command to run; give one to docker run.\' >&2; exit 2"]'
      : `# The command that reproduces the result\nCMD ["/bin/sh", "-c", ${JSON.stringify(options.command)}]`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Keeps the signature, manifest and checksums out of the build context. The Dockerfile itself is
 * not listed: dockerode applies this file while packing the context and would drop it.
 */
export const DOCKERIGNORE = ['bundle.json', 'bundle.sig', 'SHA256SUMS', 'README.md', 'samples', ''].join('\n');

export function replayReadme(options: {
  projectName: string;
  command: string | null;
  dataPaths: readonly string[];
  resultsFiles: readonly string[];
  baseImage: BaseImage;
}): string {
  const mounts = options.dataPaths
    .map((data) => ` \\\n     -v "$PWD/../data/${data}:${PROJECT_DIR}/${data}:ro"`)
    .join('');
  const copies = options.resultsFiles
    .map((file) => `   docker cp replay-run:${PROJECT_DIR}/${file} ./obtained-${file.replace(/\//g, '_')}`)
    .join('\n');
  return `# ${options.projectName}: a ReproBundle bundle

A signed research bundle. The easy way to check and replay it is ReproBundle:
\`reprobundle verify <bundle>\`, then \`reprobundle replay <bundle>\`. By hand, in the unpacked folder:

1. Check nothing was altered: "Verifying by hand" in ReproBundle's docs/FORMAT.md (\`openssl\`
   checks bundle.sig over bundle.json, \`sha256sum --check SHA256SUMS\` checks every file).
2. Build the image (base image ${options.baseImage.ref}):

   \`\`\`sh
   docker build -t replay .
   \`\`\`

3. Run the author's command (${options.command === null ? 'none was recorded' : `\`${options.command}\``}) without network:

   \`\`\`sh
   docker run --name replay-run --network none --cap-drop ALL --security-opt no-new-privileges${mounts} replay
   \`\`\`
${options.dataPaths.length > 0 ? `\n   The data is not in the bundle: place it in a \`data\` folder beside this one, at the paths above\n   (bundle.json lists each one's size and SHA-256 under "dataPointers").\n` : ''}
4. Compare the results with the values recorded in bundle.json under "results":

   \`\`\`sh
${copies || '   # no results files were recorded'}
   docker rm replay-run
   \`\`\`
`;
}
