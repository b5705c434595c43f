// Chooses how a bundle's environment is installed: the recipes in order of precedence (an exact
// lockfile before a loose requirements file), the first that applies wins. Environment files no
// recipe installs are listed, so the Dockerfile fails loudly instead of building without them.
import type { EnvironmentInfo } from '../../shared/manifest';
import { condaRecipe } from './conda';
import { pipRecipe } from './pip';
import { pipenvRecipe } from './pipenv';
import { poetryRecipe } from './poetry';
import { PYTHON_VENV_LINES, type Recipe } from './recipe';
import { uvRecipe } from './uv';

/** In order of precedence. */
export const RECIPES: readonly Recipe[] = [condaRecipe, uvRecipe, poetryRecipe, pipenvRecipe, pipRecipe];

/** Kinds that need no install step of their own (read for the runtime version, or shown only). */
const INFORMATIONAL_KINDS = ['setup.py', 'runtime version', 'Dockerfile'];

export interface InstallPlan {
  lines: string[];
  /** Files that describe the environment but cannot be installed yet. */
  unsupported: string[];
}

export function installPlan(environment: EnvironmentInfo): InstallPlan {
  const supported = new Set([...RECIPES.flatMap((recipe) => recipe.kinds), ...INFORMATIONAL_KINDS]);
  const unsupported = environment.files.filter((file) => !supported.has(file.kind)).map((file) => file.path);
  for (const recipe of RECIPES) {
    const lines = recipe.install(environment);
    if (lines !== undefined) return { lines, unsupported };
  }
  return {
    lines: [
      ...PYTHON_VENV_LINES,
      '# No Python dependencies were declared (no requirements.txt, lockfile or environment.yml).',
    ],
    unsupported,
  };
}
