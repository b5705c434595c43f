// uv: exactly the versions in `uv.lock`, synced into the virtual environment with the extras the
// manifest records (the ones the command needs).
import { extraFlags, lockedPythonRecipe } from './recipe';

export const uvRecipe = lockedPythonRecipe({
  name: 'uv',
  lockKind: 'uv lockfile',
  manifestKind: 'pyproject',
  install: (_lock, build) =>
    `RUN pip install --no-cache-dir uv && UV_PROJECT_ENVIRONMENT=/opt/venv uv sync --frozen --no-install-project${extraFlags(build)}`,
});
