// Finds how the project's environment is described (lockfiles, manifests, Dockerfile), the
// language runtime version where a file states it, what would make a rebuild unreliable
// (unpinned or range-pinned requirements, no lockfile, notebooks with no script to run, files no
// recipe installs), and decides the generator's inputs: which Python, which requirements file,
// whether the project is a package to install, which conda environment file.
import path from 'node:path';
import type { EnvironmentInfo, Finding } from '../../shared/manifest';
import { isRecord, parseStructured, readText } from '../files/project-files';
import type { BuildInputs } from './recipe';
import {
  findInterpreter,
  installedDistributions,
  normalise,
  type InstalledDistribution,
  type Interpreter,
} from './interpreter';
import { decidePython, type PythonSources } from './python-version';
import { dockerfileProblems } from './dockerfile-problems';
import { installPlan, type InstallPlan } from './install-plan';
import { constraintsFor, requirementLines } from './constraints';

const KINDS: readonly [RegExp, string][] = [
  [/^requirements[^/]*\.txt$/, 'pip requirements'],
  [/^pyproject\.toml$/, 'pyproject'],
  [/^poetry\.lock$/, 'poetry lockfile'],
  [/^uv\.lock$/, 'uv lockfile'],
  [/^Pipfile$/, 'Pipfile'],
  [/^Pipfile\.lock$/, 'Pipfile lockfile'],
  [/^environment\.ya?ml$/, 'conda environment'],
  [/^conda-lock\.ya?ml$/, 'conda lockfile'],
  [/^setup\.py$/, 'setup.py'],
  [/^setup\.cfg$/, 'setup.cfg'],
  [/^MLproject$/, 'MLproject'],
  [/^postBuild$/, 'postBuild'],
  [/^install\.R$/, 'R install script'],
  [/^start$/, 'start wrapper'],
  [/^renv\.lock$/, 'renv lockfile'],
  [/^DESCRIPTION$/, 'R package DESCRIPTION'],
  [/^Project\.toml$/, 'Julia project'],
  [/^Manifest\.toml$/, 'Julia manifest'],
  [/^package-lock\.json$/, 'npm lockfile'],
  [/^apt\.txt$/, 'apt packages'],
  [/^runtime\.txt$/, 'runtime version'],
  [/^\.python-version$/, 'runtime version'],
  [/^Dockerfile$/, 'Dockerfile'],
];

const LOCKFILES = new Set([
  'poetry lockfile',
  'uv lockfile',
  'Pipfile lockfile',
  'conda lockfile',
  'renv lockfile',
  'Julia manifest',
  'npm lockfile',
]);

export async function readEnvironment(
  root: string,
  files: readonly string[],
  hasEntrypoint: boolean,
  /** The author's interpreter, when already being asked (findInterpreter). */
  interpreter: Promise<Interpreter | null> = findInterpreter(root),
): Promise<EnvironmentInfo> {
  const info: EnvironmentInfo = { files: [], runtimes: [], findings: [] };
  // As in repo2docker, a binder/ (or .binder/) folder, when present, describes the environment
  // instead of the top level.
  const binder = ['binder', '.binder'].find((folder) => files.some((file) => file.startsWith(`${folder}/`)));
  for (const file of files) {
    const base = path.posix.basename(file);
    const folder = path.posix.dirname(file);
    const topLevel = binder === undefined ? folder === '.' : folder === binder;
    // Environment files count at the top level; requirements files anywhere (requirements/dev.txt…).
    if (!topLevel && !base.startsWith('requirements')) continue;
    const kind = KINDS.find(([pattern]) => pattern.test(base))?.[1];
    if (kind !== undefined) info.files.push({ path: file, kind });
  }

  const texts = new Map<string, string>();
  for (const { path: file, kind } of info.files) {
    const text = await readText(root, file);
    if (text === undefined) continue;
    texts.set(file, text);
    if (kind === 'pip requirements') info.findings.push(...lintRequirements(file, text));
    const runtime = runtimeFrom(file, kind, text);
    if (runtime !== undefined) info.runtimes.push(runtime);
  }
  info.build = await buildInputs(root, files, info, texts, interpreter);
  // The install plan, once: what it leaves out is a finding and speaks for no lockfile.
  const plan = installPlan(info);
  info.findings.push(...notInstalled(info, plan));

  // Only files the build installs speak for the environment (a JS demo's lockfile does not).
  const notUsed = new Set(plan.unsupported);
  const kinds = new Set(info.files.filter((file) => !notUsed.has(file.path)).map((file) => file.kind));
  const pinnedRequirements =
    info.files.some((file) => file.kind === 'pip requirements') &&
    !info.findings.some((finding) => finding.code.startsWith('requirement-'));
  if (![...kinds].some((kind) => LOCKFILES.has(kind)) && !pinnedRequirements) {
    info.findings.push({
      severity: 'warning',
      code: 'no-lockfile',
      message:
        kinds.size === 0
          ? 'No environment description found (requirements.txt, pyproject.toml, environment.yml, …): the rebuilt container will lack your dependencies.'
          : 'No lockfile with exact versions: the rebuilt environment may resolve to different package versions.',
      file: null,
      line: null,
      fix: 'Commit a lockfile: `pip freeze > requirements.txt`, `uv lock`, `poetry lock`, or `conda-lock`.',
    });
  }
  const notebooks = files.filter((file) => file.endsWith('.ipynb'));
  if (notebooks.length > 0 && !hasEntrypoint) {
    info.findings.push({
      severity: 'warning',
      code: 'notebook-without-entrypoint',
      message: `${notebooks.length} notebook(s) (${notebooks.slice(0, 3).join(', ')}) and no script that reproduces the result.`,
      file: notebooks[0] ?? null,
      line: null,
      fix: 'Give the command that reproduces the result, e.g. `jupyter nbconvert --to notebook --execute analysis.ipynb`, or export the notebook to a script.',
    });
  }
  return info;
}

/** Unpinned (`numpy`) and range-pinned (`numpy>=1.20`, `torch~=2.0`, `pandas==2.*`) requirements. */
export function lintRequirements(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith('-r') || line.startsWith('-c') || line.startsWith('--'))
      return;
    const at = { file, line: index + 1 };
    if (/^(-e\s+)?(git\+|https?:)/.test(line)) {
      if (!/@[0-9a-f]{7,40}\b/.test(line)) {
        findings.push({
          severity: 'warning',
          code: 'requirement-unpinned-vcs',
          message: `${line}: a URL requirement without a commit hash.`,
          ...at,
          fix: 'Pin it to a commit: `pkg @ git+https://…@<commit>`.',
        });
      }
      return;
    }
    const name = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?/.exec(line)?.[0];
    if (name === undefined) return;
    const spec = line.slice(name.length).split(';')[0]?.trim() ?? '';
    if (spec === '' || spec.startsWith('@')) {
      if (spec === '')
        findings.push({
          severity: 'warning',
          code: 'requirement-unpinned',
          message: `${name} has no version.`,
          ...at,
          fix: `Pin it: \`${name}==<version>\` (\`pip freeze\` lists what you have).`,
        });
      return;
    }
    if (!/^===?\s*[^*,\s]+$/.test(spec)) {
      findings.push({
        severity: 'warning',
        code: 'requirement-range',
        message: `${name}${spec} allows a range of versions.`,
        ...at,
        fix: `Pin the exact version you used: \`${name}==<version>\`.`,
      });
    }
  });
  return findings;
}

function runtimeFrom(file: string, kind: string, text: string): EnvironmentInfo['runtimes'][number] | undefined {
  const found = (language: string, version: string | undefined): EnvironmentInfo['runtimes'][number] | undefined =>
    version === undefined || version === '' ? undefined : { language, version: version.trim(), source: file };
  switch (kind) {
    case 'runtime version': {
      const line = text.trim().split(/\r?\n/)[0] ?? '';
      const match = /^(?:(python|r|julia)-)?(\d+(?:\.\d+)*)/i.exec(line);
      return found((match?.[1] ?? 'python').toLowerCase(), match?.[2]);
    }
    case 'pyproject': {
      const parsed = parseStructured(file, text);
      if (!parsed.ok || !isRecord(parsed.value)) return undefined;
      const project = parsed.value['project'];
      const poetry = isRecord(parsed.value['tool']) ? parsed.value['tool']['poetry'] : undefined;
      const fromProject =
        isRecord(project) && typeof project['requires-python'] === 'string' ? project['requires-python'] : undefined;
      const poetryDeps =
        isRecord(poetry) && isRecord(poetry['dependencies']) ? poetry['dependencies']['python'] : undefined;
      return found('python', fromProject ?? (typeof poetryDeps === 'string' ? poetryDeps : undefined));
    }
    case 'conda environment': {
      // `- python=3.10` (exact, conda's one `=` is a prefix match) or `- python>=3.8` (a range).
      const match = /^\s*-\s*python\s*(==?|>=|<=|~=|>|<)?\s*([\d.*]+)/m.exec(text);
      if (match?.[2] === undefined) return undefined;
      const operator = match[1] ?? '=';
      return found('python', operator === '=' || operator === '==' ? match[2] : `${operator}${match[2]}`);
    }
    case 'Pipfile':
      return found('python', /python_(?:full_)?version\s*=\s*"([^"]+)"/.exec(text)?.[1]);
    case 'renv lockfile':
      return found('r', /"R"\s*:\s*\{\s*"Version"\s*:\s*"([^"]+)"/.exec(text)?.[1]);
    case 'Julia manifest':
      return found('julia', /julia_version\s*=\s*"([^"]+)"/.exec(text)?.[1]);
    default:
      return undefined;
  }
}

/** Kinds of environment files this version of ReproBundle cannot install, and what will be missing. */
const NOT_INSTALLED: Record<string, string> = {
  'renv lockfile': 'R and the R packages it locks',
  'R package DESCRIPTION': 'R and the packages it imports',
  'R install script': 'the R packages it installs',
  'Julia project': 'Julia and its packages',
  'Julia manifest': 'Julia and its packages',
  'conda lockfile': 'the exact conda packages it locks (environment.yml is used when present)',
};

/**
 * Environment files the primary recipe does not install: a warning for another language's
 * environment (an R lock beside a Python requirements file), info for files of other tools (a JS
 * demo's package-lock.json). None when the project's own Dockerfile is the environment.
 */
function notInstalled(info: EnvironmentInfo, plan: InstallPlan): Finding[] {
  if ((info.build?.dockerfile ?? null) !== null) return [];
  const unsupported = new Set(plan.unsupported);
  return info.files
    .filter((file) => unsupported.has(file.path))
    .map((file) => {
      const missing = NOT_INSTALLED[file.kind];
      return missing === undefined
        ? {
            severity: 'info' as const,
            code: 'environment-file-not-used',
            message: `${file.path} (${file.kind}) is not part of the environment ReproBundle builds: it is bundled, not installed.`,
            file: file.path,
            line: null,
            fix: null,
          }
        : {
            severity: 'warning' as const,
            code: 'environment-not-installed',
            message: `${file.path} is not installed: ${plan.recipe ?? 'another recipe'} decides the environment, so the rebuilt image will lack ${missing}.`,
            file: file.path,
            line: null,
            fix: 'Choose a base image that already has it, or describe the whole environment in one kind of file (or in the project’s own Dockerfile).',
          };
    });
}

/** Folders whose requirements files belong to someone else's code. */
const VENDORED = /(^|\/)(node_modules|vendor|vendored|third_party|external|\.venv|venv|env|site-packages|build|dist)\//;
/** Requirements variants used only when chosen. */
const VARIANT = /requirements[-_.](dev|test|tests|docs|doc|lint|ci)\b/i;
/** Where a project names the requirements file it installs. */
const NAMING_FILES =
  /^(README[^/]*|Makefile|dvc\.yaml|setup\.py|tox\.ini|\.github\/workflows\/[^/]+\.ya?ml|Dockerfile)$/i;

async function buildInputs(
  root: string,
  files: readonly string[],
  info: EnvironmentInfo,
  texts: ReadonlyMap<string, string>,
  asked: Promise<Interpreter | null>,
): Promise<BuildInputs> {
  const kinds = (kind: string): string[] => info.files.filter((file) => file.kind === kind).map((file) => file.path);
  const finding = (
    severity: Finding['severity'],
    code: string,
    message: string,
    fix: string | null,
    file: string | null = null,
  ): void => {
    info.findings.push({ severity, code, message, file, line: null, fix });
  };

  // Conda: environment.yml, else the file MLproject's conda_env names.
  let conda = kinds('conda environment')[0] ?? null;
  const mlproject = kinds('MLproject')[0];
  if (conda === null && mlproject !== undefined) {
    const named = /^conda_env:\s*["']?([^\s"'#]+)/m.exec(texts.get(mlproject) ?? '')?.[1];
    const resolved =
      named === undefined ? undefined : path.posix.normalize(path.posix.join(path.posix.dirname(mlproject), named));
    if (resolved !== undefined && files.includes(resolved)) {
      conda = resolved;
      info.files.push({ path: resolved, kind: 'conda environment' });
      const text = await readText(root, resolved);
      const runtime = text === undefined ? undefined : runtimeFrom(resolved, 'conda environment', text);
      if (runtime !== undefined) info.runtimes.push(runtime);
    } else if (named !== undefined)
      finding(
        'warning',
        'mlproject-conda-env-missing',
        `${mlproject} names the conda environment ${named}, which is not in the project.`,
        'Add the file, or remove conda_env from MLproject.',
        mlproject,
      );
  }

  // Requirements: the top-level one, else the only one, else the one the project names.
  const requirements = kinds('pip requirements');
  const topLevel = requirements.filter(
    (file) => !file.includes('/') || file.startsWith('binder/') || file.startsWith('.binder/'),
  );
  let chosen: string | null =
    topLevel.find((file) => path.posix.basename(file) === 'requirements.txt') ??
    topLevel.filter((file) => !VARIANT.test(file)).sort()[0] ??
    null;
  if (chosen === null) {
    const nested = requirements.filter((file) => !VENDORED.test(file) && !VARIANT.test(file));
    if (nested.length === 1) chosen = nested[0] ?? null;
    else if (nested.length > 1) {
      const namers = files.filter((file) => NAMING_FILES.test(file));
      const named = new Set<string>();
      for (const namer of namers) {
        const text = await readText(root, namer);
        if (text === undefined) continue;
        for (const candidate of nested) if (text.includes(candidate)) named.add(candidate);
      }
      if (named.size === 1) chosen = [...named][0] ?? null;
      else
        finding(
          'warning',
          'requirements-ambiguous',
          `${nested.length} requirements files (${nested.slice(0, 4).join(', ')}) and none at the top level: none is installed.`,
          'Choose the one the experiment used as the requirements file pip installs.',
        );
    }
    if (chosen !== null)
      finding(
        'info',
        'requirements-chosen',
        `${chosen} is installed: the project's requirements file (none at the top level).`,
        null,
        chosen,
      );
  }

  // The project itself, when it is a Python package.
  const pyproject = kinds('pyproject')[0];
  let packaged = kinds('setup.py').length > 0 || kinds('setup.cfg').length > 0;
  if (!packaged && pyproject !== undefined) {
    const parsed = parseStructured(pyproject, texts.get(pyproject) ?? '');
    packaged =
      parsed.ok &&
      isRecord(parsed.value) &&
      (isRecord(parsed.value['project']) || isRecord(parsed.value['build-system']));
  }

  // Python: exact pins decide, ranges meet the author's interpreter.
  const interpreter = await asked;
  const sources: PythonSources = { exact: [], ranges: [], interpreter };
  let distributions: InstalledDistribution[] = [];
  if (interpreter !== null) {
    distributions = await installedDistributions(interpreter);
    info.installed = {
      python: interpreter.version,
      source: interpreter.source,
      distributions: distributions.map(({ name, version }) => ({ name, version })),
    };
    for (const conflict of pinConflicts(
      chosen,
      chosen === null ? undefined : (texts.get(chosen) ?? (await readText(root, chosen))),
      distributions,
    ))
      finding('warning', 'pin-differs-from-installed', conflict.message, conflict.fix, chosen);
  }
  for (const runtime of info.runtimes.filter((entry) => entry.language === 'python')) {
    const kind = info.files.find((file) => file.path === runtime.source)?.kind;
    const exact = /^[=\s]*v?(\d+\.\d+)(\.[\d*]+)?\s*$/.exec(runtime.version.replace(/^==?/, ''));
    if (exact !== null && kind !== 'pyproject')
      sources.exact.push({ version: runtime.version.replace(/^[=\s]+/, ''), source: runtime.source });
    else sources.ranges.push({ spec: runtime.version, source: runtime.source });
  }
  const ownDockerfile = kinds('Dockerfile')[0];
  const fromImage =
    ownDockerfile === undefined
      ? undefined
      : /^\s*FROM\s+(?:[\w.-]+\/)*python:(\d+\.\d+)/im.exec(texts.get(ownDockerfile) ?? '')?.[1];
  if (fromImage !== undefined)
    sources.exact.push({ version: fromImage, source: `${ownDockerfile} (FROM python:${fromImage})` });
  const { decision, findings } = decidePython(sources);
  for (const message of findings)
    finding(
      'warning',
      'python-version-conflict',
      message,
      'Record the Python that produced the results (.python-version), or run the experiment again with the pinned one.',
    );

  // What pip installs (the chosen requirements file, the package's own dependencies) reaches
  // these distributions: installed at the versions the experiment ran with.
  const reaching = [
    ...(chosen === null ? [] : requirementLines(texts.get(chosen) ?? (await readText(root, chosen)) ?? '')),
    ...(packaged && pyproject !== undefined ? projectDependencies(pyproject, texts.get(pyproject) ?? '') : []),
  ];
  const constraints = conda === null ? constraintsFor(reaching, distributions) : [];
  const extrasAvailable = pyproject === undefined ? [] : projectExtras(pyproject, texts.get(pyproject) ?? '');
  if (extrasAvailable.length > 0)
    finding(
      'info',
      'extras-available',
      `${pyproject} offers the extras ${extrasAvailable.join(', ')}: none is installed unless chosen. Choose those the experiment ran with (a GPU or CPU variant, an evaluation set of packages).`,
      'Choose the extras the experiment ran with as the ones to install.',
      pyproject,
    );
  return {
    python: decision,
    requirements: chosen,
    installProject: packaged,
    conda,
    extras: [],
    ...(extrasAvailable.length > 0 ? { extrasAvailable } : {}),
    ...(constraints.length > 0 ? { constraints } : {}),
    dockerfile: authorDockerfile(ownDockerfile, texts, finding),
  };
}

/** The extras a pyproject.toml offers: `[project.optional-dependencies]` and poetry's `[tool.poetry.extras]`. */
function projectExtras(file: string, text: string): string[] {
  const parsed = parseStructured(file, text);
  if (!parsed.ok || !isRecord(parsed.value)) return [];
  const project = parsed.value['project'];
  const tool = parsed.value['tool'];
  const poetry = isRecord(tool) ? tool['poetry'] : undefined;
  const names = [
    ...(isRecord(project) && isRecord(project['optional-dependencies'])
      ? Object.keys(project['optional-dependencies'])
      : []),
    ...(isRecord(poetry) && isRecord(poetry['extras']) ? Object.keys(poetry['extras']) : []),
  ];
  return [...new Set(names)].filter((name) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)).sort();
}

/** PEP 621 `[project] dependencies` as requirement lines. */
function projectDependencies(file: string, text: string): ReturnType<typeof requirementLines> {
  const parsed = parseStructured(file, text);
  if (!parsed.ok || !isRecord(parsed.value) || !isRecord(parsed.value['project'])) return [];
  const dependencies = parsed.value['project']['dependencies'];
  return Array.isArray(dependencies)
    ? requirementLines(dependencies.filter((entry): entry is string => typeof entry === 'string').join('\n'))
    : [];
}

/**
 * A project's own top-level Dockerfile is the whole recipe (as in repo2docker), built first as the
 * author's stage — when a replay may build it. One it may not (ADD of a URL, a secret mount, …)
 * is left unused, with a finding naming why; the generated recipe is used instead.
 */
function authorDockerfile(
  file: string | undefined,
  texts: ReadonlyMap<string, string>,
  finding: (
    severity: Finding['severity'],
    code: string,
    message: string,
    fix: string | null,
    file?: string | null,
  ) => void,
): BuildInputs['dockerfile'] {
  if (file !== 'Dockerfile') return null;
  const text = texts.get(file) ?? '';
  const problems = dockerfileProblems(text, { author: true });
  const from = [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].at(-1)?.[1];
  if (problems.length > 0 || from === undefined) {
    finding(
      'warning',
      'project-dockerfile-not-used',
      `${file} is not used: a replay may not build ${from === undefined ? 'a Dockerfile with no FROM' : problems.join('; ')}. The generated recipe installs the environment instead.`,
      'Change the Dockerfile so it builds from the project’s own files only (COPY instead of ADD of a URL, no secret mounts, no chosen network), or remove it.',
      file,
    );
    return null;
  }
  finding(
    'info',
    'project-dockerfile',
    `${file} is the environment: it is built first, from the project's files, and the replay layer (an unprivileged user, the project's copy, the command) goes on top. Other environment files are not installed by ReproBundle; it installs only what ${file} does.`,
    null,
    file,
  );
  return { path: 'Dockerfile', from };
}

/** `name==version` pins of a requirements file that the author's interpreter does not have. */
function pinConflicts(
  file: string | null,
  text: string | undefined,
  installed: readonly { name: string; version: string }[],
): { message: string; fix: string }[] {
  if (file === null || text === undefined || installed.length === 0) return [];
  const versions = new Map(installed.map((entry) => [normalise(entry.name), entry.version]));
  const conflicts: { message: string; fix: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const pin = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#,]+)\s*(?:[;#].*)?$/.exec(line);
    if (pin === null) continue;
    const [, name, version] = pin as unknown as [string, string, string];
    const has = versions.get(normalise(name));
    if (has !== undefined && has !== version)
      conflicts.push({
        message: `${file} pins ${name}==${version}, but the interpreter that ran the experiment has ${has}: which one produced the results?`,
        fix: `Pin the version you ran (${name}==${has}), or run the experiment again with ${version}.`,
      });
  }
  return conflicts;
}
