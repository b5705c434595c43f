// poetry: exactly the main group of `poetry.lock` (no dev groups), installed by a poetry that
// lives in its own venv into the project's venv (VIRTUAL_ENV), without the project itself.
import { shellWord } from './dockerfile-text';
import { lockedPythonRecipe } from './recipe';

export const poetryRecipe = lockedPythonRecipe({
  name: 'poetry',
  lockKind: 'poetry lockfile',
  manifestKind: 'pyproject',
  install: (_lock, build) =>
    `RUN python3 -m venv /opt/poetry && /opt/poetry/bin/pip install --no-cache-dir poetry && POETRY_VIRTUALENVS_CREATE=false /opt/poetry/bin/poetry install --only main --no-root --no-interaction${build.extras.length > 0 ? ` --extras ${shellWord(build.extras.join(' '))}` : ''}`,
});
