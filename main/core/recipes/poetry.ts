// poetry: exactly the versions in `poetry.lock`, installed without the project itself.
import { lockedPythonRecipe } from './recipe';

export const poetryRecipe = lockedPythonRecipe({
  name: 'poetry',
  lockKind: 'poetry lockfile',
  manifestKind: 'pyproject',
  manifestFile: 'pyproject.toml',
  install:
    'RUN pip install --no-cache-dir poetry && cd /tmp/reprobundle && poetry config virtualenvs.create false && poetry install --no-root --no-interaction',
});
