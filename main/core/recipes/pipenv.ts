// Pipfile: exactly the versions in `Pipfile.lock`, installed by pipenv into the system site.
import { lockedPythonRecipe } from './recipe';

export const pipenvRecipe = lockedPythonRecipe({
  name: 'pipenv',
  lockKind: 'Pipfile lockfile',
  manifestKind: 'Pipfile',
  manifestFile: 'Pipfile',
  install:
    'RUN pip install --no-cache-dir pipenv && cd /tmp/reprobundle && PIPENV_VENV_IN_PROJECT=0 pipenv install --deploy --system',
});
