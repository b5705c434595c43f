// conda: the environment file (environment.yml, or MLproject's conda_env) created as a prefix at
// /opt/env from the project's copy (its pip section's `-e .` resolves there), and put first on
// PATH so the command itself runs in it: SHELL only affects RUN lines, never the command.
import { shellWord } from './dockerfile-text';
import { fileOfKind, type Recipe } from './recipe';

export const CONDA_PREFIX = '/opt/env';

export const condaRecipe: Recipe = {
  name: 'conda',
  kinds: ['conda environment'],
  install(environment, build) {
    const file = build.conda ?? fileOfKind(environment, 'conda environment');
    if (file === undefined) return undefined;
    return [
      `# Dependencies: the conda environment from ${file}, active for every later step and the command`,
      `RUN conda env create --file ${shellWord(file)} --prefix ${CONDA_PREFIX} && conda clean --all --yes`,
      `ENV PATH=${CONDA_PREFIX}/bin:$PATH CONDA_PREFIX=${CONDA_PREFIX} CONDA_DEFAULT_ENV=${CONDA_PREFIX}`,
    ];
  },
};
