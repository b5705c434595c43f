// pip: the requirements file the scan chose (detect-environment.ts), installed into the venv from
// the project's copy; for older manifests, a top-level requirements file (`requirements.txt` first).
import { shellWord } from './dockerfile-text';
import { pipInstall, PYTHON_VENV_LINES, type Recipe } from './recipe';

export const pipRecipe: Recipe = {
  name: 'pip',
  kinds: ['pip requirements'],
  install(environment, build) {
    const topLevel = environment.files
      .filter((file) => file.kind === 'pip requirements' && !file.path.includes('/'))
      .map((file) => file.path);
    const main = build.requirements ?? (topLevel.includes('requirements.txt') ? 'requirements.txt' : topLevel[0]);
    if (main === undefined) return undefined;
    return [...PYTHON_VENV_LINES, `# Dependencies: ${main}`, pipInstall(`-r ${shellWord(main)}`)];
  },
};
