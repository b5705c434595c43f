// Pipfile: exactly the versions in `Pipfile.lock`, installed by pipenv into the system site.
import { copyToStaging, fileOfKind, PYTHON_VENV_LINES, type Recipe } from './recipe';

export const pipenvRecipe: Recipe = {
  name: 'pipenv',
  kinds: ['Pipfile lockfile', 'Pipfile'],
  install(environment) {
    const lock = fileOfKind(environment, 'Pipfile lockfile');
    if (lock === undefined) return undefined;
    return [
      ...PYTHON_VENV_LINES,
      `# Dependencies: exactly the versions in ${lock}`,
      copyToStaging('Pipfile'),
      copyToStaging(lock),
      'RUN pip install --no-cache-dir pipenv && cd /tmp/reprobundle && PIPENV_VENV_IN_PROJECT=0 pipenv install --deploy --system',
    ];
  },
};
