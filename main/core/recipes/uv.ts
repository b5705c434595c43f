// uv: exactly the versions in `uv.lock`, synced into the virtual environment.
import { lockedPythonRecipe } from './recipe';

export const uvRecipe = lockedPythonRecipe({
  name: 'uv',
  lockKind: 'uv lockfile',
  manifestKind: 'pyproject',
  manifestFile: 'pyproject.toml',
  install:
    'RUN pip install --no-cache-dir uv && cd /tmp/reprobundle && UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-install-project',
});
