// Chooses how a bundle's environment is installed (generator version 2): the primary recipe in
// order of precedence (an exact lockfile before a loose requirements file), the first that
// applies; then the project itself when it is a Python package. Environment files no recipe
// installs are listed for a comment and for the scan's findings, never as a failing build step.
import { GENERATOR_VERSION, type EnvironmentInfo } from '../../shared/manifest';
import { condaRecipe } from './conda';
import { pipRecipe } from './pip';
import { pipenvRecipe } from './pipenv';
import { poetryRecipe } from './poetry';
import path from 'node:path';
import { CONSTRAINTS_FILE } from './constraints';
import { shellWord } from './dockerfile-text';
import { NO_BUILD_INPUTS, pipInstall, PYTHON_VENV_LINES, type BuildInputs, type Recipe } from './recipe';
import { uvRecipe } from './uv';
import { rRecipe } from './r';
import { juliaRecipe } from './julia';

/** In order of precedence: Python's first; R and Julia (generator version 3 on) when Python declares nothing. */
export const RECIPES: readonly Recipe[] = [condaRecipe, uvRecipe, poetryRecipe, pipenvRecipe, pipRecipe];
const LATER_RECIPES: readonly { since: number; recipe: Recipe }[] = [
  { since: 3, recipe: rRecipe },
  { since: 3, recipe: juliaRecipe },
];

/** The recipes of a generator version, in order of precedence. */
export function recipesOf(version: number): Recipe[] {
  return [...RECIPES, ...LATER_RECIPES.filter((later) => version >= later.since).map((later) => later.recipe)];
}

/** Recipes whose environment is not Python: no virtual environment, no Python package step. */
const NOT_PYTHON = new Set(['R', 'Julia']);

/** Kinds that need no install step of their own (read for the runtime version, installed by a step below, or shown only). */
const HANDLED_KINDS = [
  'setup.py',
  'setup.cfg',
  'runtime version',
  'Dockerfile',
  'apt packages',
  'postBuild',
  'MLproject',
  'start wrapper',
];

export interface InstallPlan {
  /** The primary recipe's name, or null when nothing is declared. */
  recipe: string | null;
  lines: string[];
  /** Files that describe the environment but that no recipe of this version installs. */
  unsupported: string[];
}

export function installPlan(environment: EnvironmentInfo, version = GENERATOR_VERSION): InstallPlan {
  const build = environment.build ?? NO_BUILD_INPUTS;
  const recipes = recipesOf(version);
  let recipe: Recipe | undefined;
  let lines: string[] | undefined;
  for (const candidate of recipes) {
    lines = candidate.install(environment, build);
    if (lines !== undefined) {
      recipe = candidate;
      break;
    }
  }
  // What the primary recipe installs is supported; other recipes' files are not installed by this plan.
  const supported = new Set([
    ...RECIPES.flatMap((candidate) => candidate.kinds),
    ...(recipe === undefined ? [] : recipe.kinds),
    ...HANDLED_KINDS,
  ]);
  const unsupported = environment.files.filter((file) => !supported.has(file.kind)).map((file) => file.path);
  if (recipe !== undefined && lines !== undefined && NOT_PYTHON.has(recipe.name))
    return { recipe: recipe.name, lines, unsupported };
  const project =
    build.installProject && recipe?.name !== 'uv' && recipe?.name !== 'poetry'
      ? [
          '# The project itself is a Python package (its setup.py / pyproject.toml): installed from',
          `# this copy, editable, with the dependencies it declares${build.extras.length > 0 ? ` and the extras ${build.extras.join(', ')}` : ''}.`,
          pipInstall(`-e ${build.extras.length > 0 ? shellWord(`.[${build.extras.join(',')}]`) : '.'}`),
        ]
      : [];
  // pip's installs (a requirements file, the project package) take the recorded versions as constraints.
  const constrained = version >= 3 && (recipe === undefined || recipe.name === 'pip') ? constraintLines(build) : [];
  if (lines === undefined) {
    return {
      recipe: project.length > 0 ? 'pip' : null,
      lines: [
        ...PYTHON_VENV_LINES,
        ...(project.length > 0
          ? [...constrained, ...project]
          : ['# No Python dependencies were declared (no requirements file, package, lockfile or environment file).']),
      ],
      unsupported,
    };
  }
  const venv = PYTHON_VENV_LINES.every((line, index) => lines?.[index] === line) ? PYTHON_VENV_LINES.length : 0;
  return {
    recipe: recipe?.name ?? null,
    lines: [...lines.slice(0, venv), ...constrained, ...lines.slice(venv), ...project],
    unsupported,
  };
}

/** The constraints file and PIP_CONSTRAINT, when the scan recorded versions for what pip installs. */
function constraintLines(build: BuildInputs): string[] {
  const constraints = build.constraints ?? [];
  if (constraints.length === 0) return [];
  return [
    '# The versions the interpreter that ran the experiment had, for what the requirements reach (never',
    '# overriding a version the project pins): pip installs these, not the newest releases.',
    `RUN mkdir -p ${path.posix.dirname(CONSTRAINTS_FILE)} && printf '%s\\n' ${constraints.map((entry) => shellWord(`${entry.name}==${entry.version}`)).join(' ')} > ${CONSTRAINTS_FILE}`,
    `ENV PIP_CONSTRAINT=${CONSTRAINTS_FILE}`,
  ];
}

/**
 * What the author's own files do during the build of this manifest's image (DESIGN §5a: allowed,
 * shown, labelled): every report and view says "author build steps ran" with these.
 */
export function authorBuildSteps(environment: EnvironmentInfo, generatorVersion: number): string[] {
  const build = environment.build ?? NO_BUILD_INPUTS;
  if (generatorVersion >= 3 && build.dockerfile !== undefined && build.dockerfile !== null)
    return [`the project's own ${build.dockerfile.path} was built as the environment`];
  if (generatorVersion < 2) return [];
  const steps: string[] = [];
  const topLevel = (kind: string): string | undefined =>
    environment.files.find((file) => file.kind === kind && !file.path.includes('/'))?.path;
  const postBuild = topLevel('postBuild');
  if (postBuild !== undefined) steps.push(`${postBuild} ran`);
  if (build.installProject) steps.push("the project's own package (setup.py / pyproject.toml) was installed");
  return steps;
}
