// poetry: exactly the versions in `poetry.lock`, installed without the project itself.
import { copyToStaging, fileOfKind, PYTHON_VENV_LINES, type Recipe } from './recipe';

export const poetryRecipe: Recipe = {
  name: 'poetry',
  kinds: ['poetry lockfile', 'pyproject'],
  install(environment) {
    const lock = fileOfKind(environment, 'poetry lockfile');
    if (lock === undefined) return undefined;
    return [
      ...PYTHON_VENV_LINES,
      `# Dependencies: exactly the versions in ${lock}`,
      copyToStaging('pyproject.toml'),
      copyToStaging(lock),
      'RUN pip install --no-cache-dir poetry && cd /tmp/reprobundle && poetry config virtualenvs.create false && poetry install --no-root --no-interaction',
    ];
  },
};
