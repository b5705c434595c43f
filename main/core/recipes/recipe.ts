// What an environment recipe is (Dockerfile generator version 2): one environment kind (pip,
// poetry, uv, Pipfile, conda) that recognises its files among those the scan found and renders
// the Dockerfile lines that install them, in the spirit of repo2docker's buildpacks. The first
// recipe that applies is the primary one; additive steps (apt.txt, the project package, tools,
// postBuild) are added by dockerfile.ts. Every line runs in the project's copy (/app), so `-e .`,
// `-r other.txt` and relative paths resolve as on the author's machine.
import type { EnvironmentInfo } from '../../shared/manifest';
import { shellWord } from './dockerfile-text';

/** The scan's decisions for the generator; bundles made before they were recorded get these. */
export type BuildInputs = NonNullable<EnvironmentInfo['build']>;
export const NO_BUILD_INPUTS: BuildInputs = {
  python: null,
  requirements: null,
  installProject: false,
  conda: null,
  extras: [],
};

export interface Recipe {
  /** Shown in messages and comments, e.g. `poetry`. */
  readonly name: string;
  /** The environment file kinds (detect-environment.ts) this recipe knows how to install. */
  readonly kinds: readonly string[];
  /** The Dockerfile lines that install the environment, or undefined when it does not apply. */
  install(environment: EnvironmentInfo, build: BuildInputs): string[] | undefined;
}

/** The path of the first environment file of this kind, if any. */
export function fileOfKind(environment: EnvironmentInfo, kind: string): string | undefined {
  return environment.files.find((file) => file.kind === kind)?.path;
}

/**
 * The file of this kind only when it has exactly this name, at the top or in binder/: for recipes
 * that write the path into code (R, Julia) rather than as a quoted shell word. A manifest is
 * hostile input; a path the scan could not have written (a newline, quotes) never applies.
 */
export function namedFileOfKind(environment: EnvironmentInfo, kind: string, name: string): string | undefined {
  const file = fileOfKind(environment, kind);
  return file === name || file === `binder/${name}` || file === `.binder/${name}` ? file : undefined;
}

/** A virtual environment that also sees the base image's packages (pip-based recipes). */
export const PYTHON_VENV_LINES: readonly string[] = [
  "# A virtual environment that also sees the base image's packages, so pins the image",
  '# already satisfies need no download.',
  'RUN python3 -m venv --system-site-packages /opt/venv',
  'ENV PATH=/opt/venv/bin:$PATH VIRTUAL_ENV=/opt/venv',
];

/**
 * `pip install` of `args`: first with the build tools the image already has (an offline build
 * cannot fetch setuptools into an isolated build environment), then, if that fails, the usual way.
 */
export function pipInstall(args: string): string {
  return `RUN pip install --no-cache-dir --no-build-isolation ${args} || pip install --no-cache-dir ${args}`;
}

/** Lock-based recipes (poetry, uv, Pipfile): the tool that wrote the lock installs exactly its versions. */
export function lockedPythonRecipe(spec: {
  name: string;
  lockKind: string;
  manifestKind: string;
  /** The RUN line that installs from the project's copy. */
  install: (lock: string, build: BuildInputs) => string;
}): Recipe {
  return {
    name: spec.name,
    kinds: [spec.lockKind, spec.manifestKind],
    install(environment, build) {
      const lock = fileOfKind(environment, spec.lockKind);
      if (lock === undefined) return undefined;
      return [...PYTHON_VENV_LINES, `# Dependencies: exactly the versions in ${lock}`, spec.install(lock, build)];
    },
  };
}

/** `--extra a --extra b` for the recorded extras (names are checked by the manifest schema). */
export function extraFlags(build: BuildInputs): string {
  return build.extras.map((extra) => ` --extra ${shellWord(extra)}`).join('');
}
