// What an environment recipe is: one environment kind (pip, poetry, uv, Pipfile, conda, …) that
// recognises its files among those the scan found and renders the Dockerfile lines that install
// them, in the spirit of repo2docker's buildpacks. The first recipe that applies wins.
import type { EnvironmentInfo } from '../../shared/manifest';
import { copyInstruction } from './dockerfile-text';

export interface Recipe {
  /** Shown in messages and comments, e.g. `poetry`. */
  readonly name: string;
  /** The environment file kinds (detect-environment.ts) this recipe knows how to install. */
  readonly kinds: readonly string[];
  /** The Dockerfile lines that install the environment, or undefined when it does not apply. */
  install(environment: EnvironmentInfo): string[] | undefined;
}

/** The path of the first environment file of this kind, if any. */
export function fileOfKind(environment: EnvironmentInfo, kind: string): string | undefined {
  return environment.files.find((file) => file.kind === kind)?.path;
}

/** Copies a project file to the staging folder the install steps read from. */
export function copyToStaging(file: string): string {
  return copyInstruction(`project/${file}`, stagedPath(file));
}

/** Where a staged project file is inside the image. */
export function stagedPath(file: string): string {
  return `/tmp/reprobundle/${file}`;
}

/** A virtual environment that also sees the base image's packages (pip-based recipes). */
export const PYTHON_VENV_LINES: readonly string[] = [
  "# A virtual environment that also sees the base image's packages, so pins the image",
  '# already satisfies need no download.',
  'RUN python3 -m venv --system-site-packages /opt/venv',
  'ENV PATH=/opt/venv/bin:$PATH VIRTUAL_ENV=/opt/venv',
];

/**
 * A Python environment pinned by a lockfile that sits beside its manifest (poetry, uv, Pipfile):
 * both are staged, then the tool that wrote the lock installs exactly its versions into the venv.
 */
export function lockedPythonRecipe(spec: {
  name: string;
  lockKind: string;
  manifestKind: string;
  manifestFile: string;
  /** The RUN line that installs from the staged files in /tmp/reprobundle. */
  install: string;
}): Recipe {
  return {
    name: spec.name,
    kinds: [spec.lockKind, spec.manifestKind],
    install(environment) {
      const lock = fileOfKind(environment, spec.lockKind);
      if (lock === undefined) return undefined;
      return [
        ...PYTHON_VENV_LINES,
        `# Dependencies: exactly the versions in ${lock}`,
        copyToStaging(spec.manifestFile),
        copyToStaging(lock),
        spec.install,
      ];
    },
  };
}
