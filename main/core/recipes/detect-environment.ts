// Finds how the project's environment is described (lockfiles, manifests, Dockerfile), the
// language runtime version where a file states it, and what would make a rebuild unreliable:
// unpinned or range-pinned requirements, no lockfile, notebooks with no script to run.
import path from 'node:path';
import type { EnvironmentInfo, Finding } from '../../shared/manifest';
import { isRecord, parseStructured, readText } from '../files/project-files';

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
): Promise<EnvironmentInfo> {
  const info: EnvironmentInfo = { files: [], runtimes: [], findings: [] };
  for (const file of files) {
    const base = path.posix.basename(file);
    // Environment files count at the top level; requirements files anywhere (requirements/dev.txt…).
    if (file.includes('/') && !base.startsWith('requirements')) continue;
    const kind = KINDS.find(([pattern]) => pattern.test(base))?.[1];
    if (kind !== undefined) info.files.push({ path: file, kind });
  }

  for (const { path: file, kind } of info.files) {
    const text = await readText(root, file);
    if (text === undefined) continue;
    if (kind === 'pip requirements') info.findings.push(...lintRequirements(file, text));
    const runtime = runtimeFrom(file, kind, text);
    if (runtime !== undefined) info.runtimes.push(runtime);
  }

  const kinds = new Set(info.files.map((file) => file.kind));
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
    case 'conda environment':
      return found('python', /^\s*-\s*python\s*[=<>~]=?\s*([\d.*]+)/m.exec(text)?.[1]);
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
