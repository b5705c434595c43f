// pip: a top-level requirements file (`requirements.txt` first), installed into the venv.
import { shellWord } from './dockerfile-text';
import { copyToStaging, PYTHON_VENV_LINES, stagedPath, type Recipe } from './recipe';

export const pipRecipe: Recipe = {
  name: 'pip',
  kinds: ['pip requirements'],
  install(environment) {
    const requirements = environment.files
      .filter((file) => file.kind === 'pip requirements' && !file.path.includes('/'))
      .map((file) => file.path);
    const main = requirements.includes('requirements.txt') ? 'requirements.txt' : requirements[0];
    if (main === undefined) return undefined;
    return [
      ...PYTHON_VENV_LINES,
      `# Dependencies: ${main}`,
      copyToStaging(main),
      `RUN pip install --no-cache-dir -r ${shellWord(stagedPath(main))}`,
    ];
  },
};
