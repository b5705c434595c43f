// Proposes the command that reproduces the result and reads the recorded results: metrics files
// (JSON, YAML, CSV; DVC `metrics:`) flattened to named values, each number with a tolerance.
import path from 'node:path';
import type { EntrypointProposal, Finding, Metric, Tolerance } from '../../shared/manifest';
import { flattenFile, parseStructured, readText } from '../files/project-files';
import { readSmallFile } from '../files/read-small-file';
import { pythonSources } from './python-sources';
import { fileLookup } from './file-lookup';

/**
 * Default tolerance for numbers: |obtained − recorded| ≤ max(absolute, relative × |recorded|).
 * Documented in docs/FORMAT.md; integers, strings and booleans compare exactly.
 */
export const DEFAULT_TOLERANCE: Tolerance = { absolute: 1e-9, relative: 1e-3 };

const SCRIPT_NAMES = ['train.py', 'main.py', 'run.py', 'reproduce.py', 'run_experiment.py', 'experiment.py'];
const MAKE_TARGETS = ['reproduce', 'all', 'train', 'run', 'experiment'];
const METRICS_NAMES = /^(metrics|results|scores|eval|evaluation)(\.[\w-]+)?\.(json|ya?ml|csv)$/i;

export async function proposeEntrypoints(
  root: string,
  files: readonly string[],
  fromTools: readonly EntrypointProposal[],
): Promise<EntrypointProposal[]> {
  const proposals = [...fromTools];
  if (files.includes('Makefile')) {
    const text = (await readText(root, 'Makefile')) ?? '';
    for (const target of MAKE_TARGETS) {
      if (new RegExp(`^${target}\\s*:`, 'm').test(text)) {
        proposals.push({ command: `make ${target}`, source: `Makefile target "${target}"` });
        break;
      }
    }
  }
  for (const file of files) {
    if (/^[A-Za-z_]\w*\/__main__\.py$/.test(file)) {
      const module = path.posix.dirname(file);
      proposals.push({ command: `python -m ${module}`, source: `${file}` });
    }
  }
  for (const name of SCRIPT_NAMES) {
    const script = files.find((file) => file === name || file === `src/${name}` || file === `scripts/${name}`);
    if (script !== undefined) proposals.push({ command: `python ${script}`, source: `script ${script}` });
  }
  proposals.push(...layoutEntrypoints(files));
  proposals.push(...(await runnableScripts(root, files)));
  const dockerfile = files.includes('Dockerfile') ? await readText(root, 'Dockerfile') : undefined;
  const fromDockerfile = dockerfile === undefined ? undefined : dockerfileCommand(dockerfile);
  if (fromDockerfile !== undefined)
    proposals.push({ command: fromDockerfile, source: "the project's Dockerfile (its CMD / ENTRYPOINT)" });
  return proposals.filter(
    (proposal, index) => proposals.findIndex((other) => other.command === proposal.command) === index,
  );
}

/** At most this many Python files are read to find scripts meant to be run. */
const MAX_SCRIPTS_READ = 300;

/**
 * Scripts meant to be run, one folder down (`scripts/image_train.py`, a template's
 * `project/lit_mnist.py`): a Python file with a `__main__` block, those whose name says they
 * train first. Tests, setup files and packages' insides deeper down are left out.
 */
async function runnableScripts(root: string, files: readonly string[]): Promise<EntrypointProposal[]> {
  // A loop that stops at the limit: filtering first made an array of every module (a million).
  const candidates: string[] = [];
  for (const file of files) {
    if (candidates.length === MAX_SCRIPTS_READ) break;
    if (
      /^[^/]+\/[^/]+\.py$/.test(file) &&
      !/(^|\/)(tests?|docs?|examples?|\.github)\//.test(file) &&
      !/(^|\/)(__init__|setup|conftest|test_[^/]*)\.py$/.test(file)
    )
      candidates.push(file);
  }
  const found: EntrypointProposal[] = [];
  for (const file of candidates) {
    const text = await readText(root, file);
    if (text !== undefined && /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(text))
      found.push({ command: `python ${word(file)}`, source: `${file} (a script with a __main__ block)` });
  }
  const trains = (proposal: EntrypointProposal): number => (/train/i.test(proposal.command) ? 0 : 1);
  return found.sort((a, b) => trains(a) - trains(b));
}

/** A shell word for a path: quoted when it is not plain. */
const word = (file: string): string => (/^[\w./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`);

/**
 * Entrypoints of well-known layouts, best first: cookiecutter-data-science (v1
 * `src/models/train_model.py`, v2 `<module>/modeling/train.py`), minGPT-style `projects/*\/*.py`,
 * run scripts (`run*.sh`, `scripts/*.sh`, `runs/*.sh`), R Markdown and R scripts, Julia scripts.
 */
export function layoutEntrypoints(files: readonly string[]): EntrypointProposal[] {
  const proposals: EntrypointProposal[] = [];
  const add = (command: string, file: string, layout: string): void => {
    proposals.push({ command, source: `${file} (${layout})` });
  };
  for (const file of files) {
    if (file === 'src/models/train_model.py') add(`python ${file}`, file, 'cookiecutter-data-science');
    else if (/^[A-Za-z_]\w*\/modeling\/train\.py$/.test(file))
      add(`python -m ${file.slice(0, -3).replace(/\//g, '.')}`, file, 'cookiecutter-data-science v2');
  }
  for (const file of files)
    if (/^projects\/[^/]+\/[^/]+\.py$/.test(file) && !file.endsWith('__init__.py'))
      add(`python ${word(file)}`, file, 'a project script');
  for (const file of files)
    if (/^(run[^/]*\.sh|reproduce[^/]*\.sh|(scripts|runs)\/[^/]+\.sh)$/.test(file))
      add(`bash ${word(file)}`, file, 'a run script');
  for (const file of files) {
    if (/^[^/]+\.Rmd$/i.test(file))
      add(`Rscript -e "rmarkdown::render('${file.replace(/['"\\]/g, '')}')"`, file, 'R Markdown');
    else if (/^(main|run|analysis|reproduce)\.R$/.test(file)) add(`Rscript ${word(file)}`, file, 'an R script');
    else if (/^((scripts|src)\/)?(main|run|reproduce)\.jl$/.test(file))
      add(`julia --project=. ${word(file)}`, file, 'a Julia script');
  }
  return proposals;
}

/** The command a project's own Dockerfile runs (`CMD`, after any `ENTRYPOINT`), as one shell line. */
export function dockerfileCommand(text: string): string | undefined {
  const form = (value: string): string | undefined => {
    const trimmed = value.trim();
    if (!trimmed.startsWith('[')) return trimmed === '' ? undefined : trimmed;
    try {
      const parts = JSON.parse(trimmed) as unknown;
      return Array.isArray(parts) && parts.every((part) => typeof part === 'string')
        ? parts.map(word).join(' ')
        : undefined;
    } catch {
      return undefined;
    }
  };
  const last = (instruction: string): string | undefined => {
    const matches = [...text.matchAll(new RegExp(`^\\s*${instruction}\\s+(.+)$`, 'gim'))];
    return matches.length === 0 ? undefined : form(matches.at(-1)?.[1] ?? '');
  };
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const command = [entrypoint, cmd].filter((part) => part !== undefined).join(' ');
  return command === '' ? undefined : command;
}

/** Folders of configuration: what is there is read by the code, never its results. */
const CONFIG_FOLDERS = /(^|\/)(conf|config|configs|params|hparams)\//i;
/**
 * What a file the code writes must be to count as results without a results-like name: JSON or
 * YAML (a written CSV is more often a dataset), outside data folders.
 */
const WRITTEN_RESULTS = /\.(json|ya?ml)$/i;
const DATA_FOLDERS = /(^|\/)(data|datasets?|raw|processed|interim)\//i;
/** A path literal the code writes: `open("x", "w")`, `.to_csv("x")`, `savetxt("x"`, `Path("x").write_text`. */
const WRITE_CALLS = [
  /\bopen\(\s*[rfb]?["']([^"'\n{}]+)["']\s*,\s*(?:mode\s*=\s*)?["'][wax]/g,
  /\.to_(?:csv|json)\(\s*["']([^"'\n{}]+)["']/g,
  /\b(?:savetxt|to_yaml)\(\s*["']([^"'\n{}]+)["']/g,
  /\bPath\(\s*["']([^"'\n{}]+)["']\s*\)\.write_text/g,
];

/** A path literal the code reads: `open("x")`, `open("x", "r")`, `read_csv("x")`, `loadtxt("x"`, `np.load("x"`. */
const READ_CALLS = [
  /\bopen\(\s*[rfb]?["']([^"'\n{}]+)["']\s*(?:\)|,\s*(?:mode\s*=\s*)?["']r)/g,
  /\b(?:read_csv|read_json|read_parquet|read_table|loadtxt|genfromtxt|load)\(\s*["']([^"'\n{}]+)["']/g,
];

/**
 * Project files the code writes by a literal path (relative to the project root or the script)
 * and never reads: results, not intermediate data such as a generated dataset the training reads.
 */
export async function writtenFiles(root: string, files: readonly string[]): Promise<Set<string>> {
  const present = fileLookup(files);
  const written = new Set<string>();
  const read = new Set<string>();
  const collect = (script: string, text: string, patterns: readonly RegExp[], into: Set<string>): void => {
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern)) {
        const literal = (match[1] ?? '').replace(/^\.\//, '');
        for (const candidate of [literal, path.posix.join(path.posix.dirname(script), literal)].map((value) =>
          path.posix.normalize(value),
        ))
          if (present(candidate)) into.add(candidate);
      }
  };
  for (const script of pythonSources(files)) {
    const text = await readText(root, script);
    if (text === undefined) continue;
    collect(script, text, WRITE_CALLS, written);
    collect(script, text, READ_CALLS, read);
  }
  return new Set([...written].filter((file) => !read.has(file)));
}

/**
 * Results files to record: those named, else DVC's metrics, else files that look like results —
 * named like metrics, or written by the code through a literal path — outside configuration
 * folders and never a params file. (Heuristic candidates keep only their numbers: scan-project.ts.)
 */
export function chooseResultsFiles(
  files: readonly string[],
  named: readonly string[] | undefined,
  dvcMetrics: readonly string[],
  hints: { written: ReadonlySet<string>; params: ReadonlySet<string> } = { written: new Set(), params: new Set() },
): { files: string[]; heuristic: boolean } {
  if (named !== undefined && named.length > 0) return { files: [...named], heuristic: false };
  if (dvcMetrics.length > 0) return { files: [...dvcMetrics], heuristic: false };
  return {
    files: files.filter(
      (file) =>
        (METRICS_NAMES.test(path.posix.basename(file)) ||
          (hints.written.has(file) && WRITTEN_RESULTS.test(file) && !DATA_FOLDERS.test(file))) &&
        !CONFIG_FOLDERS.test(file) &&
        !hints.params.has(file),
    ),
    heuristic: true,
  };
}

/** A results file is small; one over this is not what it claims to be (or an attack on the reader). */
export const MAX_RESULTS_BYTES = 16 * 1024 * 1024;

/**
 * Reads the metrics of one results file under `root`. `untrusted`: the files a replay's run wrote,
 * read without following any link, regular files only (see files/read-small-file.ts).
 */
export async function readMetrics(
  root: string,
  file: string,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
  options: { untrusted?: boolean } = {},
): Promise<{ metrics: Metric[]; findings: Finding[] }> {
  const read = await readSmallFile(root, file, {
    maxBytes: MAX_RESULTS_BYTES,
    followLinks: options.untrusted !== true,
  });
  if (!read.ok) {
    return {
      metrics: [],
      findings: [
        {
          severity: 'error',
          code: 'results-missing',
          message: `The results file ${file} cannot be read: it ${read.reason}.`,
          file,
          line: null,
          fix: 'Run the experiment first so the results exist, or name the right results file.',
        },
      ],
    };
  }
  const text = read.data.toString('utf8');
  let values: [string, string | number | boolean | null][];
  if (file.toLowerCase().endsWith('.csv')) {
    values = csvMetrics(text);
  } else {
    const parsed = parseStructured(file, text);
    if (!parsed.ok) return { metrics: [], findings: [parsed.finding] };
    const flat = flattenFile(file, parsed.value);
    if (!flat.ok) return { metrics: [], findings: [flat.finding] };
    values = flat.values;
  }
  const metrics = values
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== null)
    .map(([name, value]) => ({
      name,
      file,
      source: 'file' as const,
      value,
      tolerance: typeof value === 'number' && !Number.isInteger(value) ? tolerance : null,
    }));
  return { metrics, findings: [] };
}

/** A `name,value` table gives one metric per row; otherwise the header names the columns of the last row. */
function csvMetrics(text: string): [string, string | number | boolean | null][] {
  const rows = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')));
  const header = rows[0] ?? [];
  const typed = (cell: string): string | number | boolean =>
    cell !== '' && Number.isFinite(Number(cell))
      ? Number(cell)
      : cell === 'true'
        ? true
        : cell === 'false'
          ? false
          : cell;
  if (header.length === 2 && /^(name|metric|key)$/i.test(header[0] ?? '')) {
    return rows.slice(1).map((row) => [row[0] ?? '', typed(row[1] ?? '')]);
  }
  const last = rows.length > 1 ? (rows[rows.length - 1] ?? []) : [];
  return header.map((name, index) => [name, typed(last[index] ?? '')]);
}
