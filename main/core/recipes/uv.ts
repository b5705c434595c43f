// uv: exactly the versions in `uv.lock`, synced into the virtual environment.
import { copyToStaging, fileOfKind, PYTHON_VENV_LINES, type Recipe } from './recipe';

export const uvRecipe: Recipe = {
  name: 'uv',
  kinds: ['uv lockfile', 'pyproject'],
  install(environment) {
    const lock = fileOfKind(environment, 'uv lockfile');
    if (lock === undefined) return undefined;
    return [
      ...PYTHON_VENV_LINES,
      `# Dependencies: exactly the versions in ${lock}`,
      copyToStaging('pyproject.toml'),
      copyToStaging(lock),
      'RUN pip install --no-cache-dir uv && cd /tmp/reprobundle && UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-install-project',
    ];
  },
};
