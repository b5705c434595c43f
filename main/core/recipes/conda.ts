// conda: `environment.yml` becomes a named environment every later RUN and the CMD run inside.
import { shellWord } from './dockerfile-text';
import { copyToStaging, fileOfKind, stagedPath, type Recipe } from './recipe';

export const condaRecipe: Recipe = {
  name: 'conda',
  kinds: ['conda environment'],
  install(environment) {
    const file = fileOfKind(environment, 'conda environment');
    if (file === undefined) return undefined;
    return [
      '# Dependencies: the conda environment from ' + file,
      copyToStaging(file),
      `RUN conda env create --file ${shellWord(stagedPath(file))} --name repro && conda clean --all --yes`,
      'SHELL ["conda", "run", "--no-capture-output", "--name", "repro", "/bin/sh", "-c"]',
    ];
  },
};
