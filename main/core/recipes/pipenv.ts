// Pipfile: exactly the versions in `Pipfile.lock` when there is one, else the Pipfile's own
// (unlocked) requirements; installed by pipenv into the venv's site.
import { fileOfKind, PYTHON_VENV_LINES, type Recipe } from './recipe';

export const pipenvRecipe: Recipe = {
  name: 'pipenv',
  kinds: ['Pipfile lockfile', 'Pipfile'],
  install(environment) {
    const lock = fileOfKind(environment, 'Pipfile lockfile');
    const pipfile = fileOfKind(environment, 'Pipfile');
    if (lock === undefined && pipfile === undefined) return undefined;
    return [
      ...PYTHON_VENV_LINES,
      lock === undefined
        ? `# Dependencies: ${pipfile ?? 'Pipfile'} (no Pipfile.lock: the versions are resolved now)`
        : `# Dependencies: exactly the versions in ${lock}`,
      `RUN pip install --no-cache-dir pipenv && PIPENV_VENV_IN_PROJECT=0 pipenv install --system ${lock === undefined ? '--skip-lock' : '--deploy'}`,
    ];
  },
};
