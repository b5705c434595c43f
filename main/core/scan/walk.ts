// Walks a project folder the way git sees it: .gitignore files at every level (deeper ones
// override shallower ones; an ignored folder is not entered, so nothing in it can be re-included,
// as in git), a .reproignore beside them for what should stay out of bundles only, built-in
// exclusions (.git, virtualenvs, node_modules, caches), and the user's --exclude patterns.
// Links are resolved without ever leaving the project. Every exclusion is reported with its reason.
import { readdirSync, type Dirent } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CancelledError } from '../errors';
import { nextTurn, sliceSpent } from '../yield';
import { collisionKey, entryNameProblem } from '../zip/entry-names';
import { PROJECT_PREFIX } from '../../shared/layout';
import { WorkerPool, workerFile } from '../zip/worker-pool';
import { WalkedFilesBuilder, type WalkedFile, type WalkedFiles } from './walked-files';
import { STAT_KIND, statFiles, type StatBatchAnswer, type StatBatchPayload } from './workers/stat-files';

export type { WalkedFile, WalkedFiles } from './walked-files';

export interface Exclusion {
  path: string;
  reason: string;
}

export interface LinkReport {
  path: string;
  target: string;
  outcome: 'stored-as-file' | 'not-followed';
  reason: string;
}

export interface WalkResult {
  root: string;
  /** In the format's path order. */
  files: WalkedFiles;
  excluded: Exclusion[];
  links: LinkReport[];
}

export interface WalkOptions {
  /** Extra gitignore-style patterns (`--exclude`). */
  exclude?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (files: number, bytes: number) => void;
}

/** Never bundled, whatever the ignore files say: git's own data. */
const ALWAYS_EXCLUDED = new Set(['.git']);

/** Bundling these is never what the author wants: environments, dependencies and caches are rebuilt. */
export const BUILT_IN_EXCLUSIONS = [
  'node_modules/',
  '__pycache__/',
  '*.py[cod]',
  '.ipynb_checkpoints/',
  '.pytest_cache/',
  '.mypy_cache/',
  '.ruff_cache/',
  '.tox/',
  '.nox/',
  '.cache/',
  '/.dvc/cache/',
  '/.dvc/tmp/',
  '.DS_Store',
  'Thumbs.db',
];

interface RuleSet {
  /** Project-relative folder the patterns are relative to ('' for the root). */
  base: string;
  rules: Ignore;
  label: string;
}

/** Files described between two progress reports. */
const PROGRESS_EVERY = 64;
/**
 * A folder's run of at least this many files is `lstat`ed on worker threads (~5 µs of system call
 * each here: 0.45 s of a 100,000-file walk's main thread); a shorter one here, so a small
 * project starts no worker.
 */
const WORKER_RUN = 64;
/** Runs asked about ahead of the one being taken into the list: both workers kept busy. */
const MAX_RUNS_IN_FLIGHT = 8;

export async function walkProject(rootDir: string, options: WalkOptions = {}): Promise<WalkResult> {
  const root = await realpath(rootDir);
  const storable = new StorableFiles(root);
  const excluded: Exclusion[] = [];
  const links: LinkReport[] = [];

  const baseRules: RuleSet[] = [
    { base: '', rules: ignore().add(BUILT_IN_EXCLUSIONS), label: 'built-in exclusion (caches and dependencies)' },
  ];
  const userRules: RuleSet[] =
    options.exclude !== undefined && options.exclude.length > 0
      ? [{ base: '', rules: ignore().add([...options.exclude]), label: 'the exclusions given' }]
      : [];

  /** Files and folders seen so far: when to look at the clock and give the event loop a turn. */
  let step = 0;
  const visit = async (relDir: string, inherited: RuleSet[]): Promise<void> => {
    if (options.signal?.aborted === true) throw new CancelledError('Scanning the project');
    if (sliceSpent((step += 1))) await nextTurn();
    const absoluteDir = path.join(root, relDir);
    // Synchronous, like the lstat below: an async readdir is a thread-pool round trip per folder,
    // ~0.15 s of waiting over 500 folders; the loops below give the event loop its turns.
    const entries = readFolder(absoluteDir).map(({ entry, name, valid }) => {
      const isDir = entry.isDirectory();
      // What the name orders by: a folder's files go before, between and after its subfolders as
      // `dir/` orders among the names, so the walk finds files in the format's path order.
      return { entry, name, valid, isDir, key: isDir ? [name, '/'].join('') : name };
    });
    // What the folder holds decides, without asking the disk again: an environment folder is left
    // out whole, and ignore files are read only where there are some (500 folders cost 2,000
    // thread-pool round trips when every folder was asked for both).
    const has = (name: string, kind: 'file' | 'directory'): boolean =>
      entries.some((item) => item.name === name && (kind === 'file' ? item.entry.isFile() : item.entry.isDirectory()));
    if (relDir !== '' && (has('pyvenv.cfg', 'file') || has('conda-meta', 'directory'))) {
      excluded.push({ path: `${relDir}/`, reason: 'Python or conda environment (rebuilt from the lockfiles)' });
      return;
    }
    const rules = [...inherited];
    for (const name of ['.gitignore', '.reproignore']) {
      if (!has(name, 'file')) continue;
      const text = await readFile(path.join(absoluteDir, name), 'utf8').catch(() => undefined);
      if (text !== undefined) rules.push({ base: relDir, rules: ignore().add(text), label: posixJoin(relDir, name) });
    }
    const active = testersOf([...rules, ...userRules]);
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    let run: string[] = [];
    for (const { entry, name, valid, isDir } of entries) {
      if (sliceSpent((step += 1))) await nextTurn();
      const rel = posixJoin(relDir, name);
      if (!valid) {
        excluded.push({
          path: rel,
          reason: 'name cannot be stored portably: it is not valid UTF-8 (shown with � where its bytes are); rename it',
        });
        continue;
      }
      if (ALWAYS_EXCLUDED.has(name)) {
        excluded.push({ path: rel, reason: 'git data (.git/ is never bundled)' });
        continue;
      }
      const ignoredBy = ignoredByRules(active, rel, isDir);
      if (ignoredBy !== undefined) {
        excluded.push({ path: isDir ? `${rel}/` : rel, reason: `ignored by ${ignoredBy}` });
        continue;
      }
      if (isDir) {
        // The files before this folder are asked about first: the list stays in path order.
        statRun(run);
        run = [];
        await drain(MAX_RUNS_IN_FLIGHT);
        await visit(rel, rules);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) {
        excluded.push({ path: rel, reason: 'not a regular file (socket, FIFO or device)' });
        continue;
      }
      run.push(rel);
    }
    statRun(run);
    await drain(MAX_RUNS_IN_FLIGHT);
  };

  /** Runs of a folder's files whose `lstat`s are under way, in path order. */
  const runs: { rels: string[]; answer: Promise<StatBatchAnswer> | StatBatchAnswer }[] = [];
  let workers: WorkerPool | undefined;
  const statRun = (rels: string[]): void => {
    if (rels.length === 0) return;
    const absolute = rels.map((rel) => `${root}${path.sep}${rel}`);
    if (rels.length < WORKER_RUN) {
      runs.push({ rels, answer: statFiles(absolute) });
      return;
    }
    workers ??= new WorkerPool(workerFile('stat-batch'));
    const answer = workers.run<StatBatchAnswer>({ paths: absolute.join('\0') } satisfies StatBatchPayload);
    answer.catch(() => undefined); // awaited in order by drain
    runs.push({ rels, answer });
  };
  /** Takes the answers of all but the newest `keep` runs, in order, into the list. */
  const drain = async (keep: number): Promise<void> => {
    while (runs.length > keep) {
      if (options.signal?.aborted === true) throw new CancelledError('Scanning the project');
      const { rels, answer } = runs.shift() as (typeof runs)[number];
      const { kinds, sizes, modes, errors } = await answer;
      for (const [index, rel] of rels.entries()) {
        if (sliceSpent((step += 1))) await nextTurn();
        const kind = kinds[index];
        if (kind === STAT_KIND.failed) {
          const failure = errors?.[index];
          throw Object.assign(new Error(failure?.message ?? `cannot read ${rel}`), { code: failure?.code });
        }
        if (kind === STAT_KIND.link) {
          const found = await describeLink(root, rel, `${root}${path.sep}${rel}`);
          if ('excluded' in found) excluded.push(found.excluded);
          links.push(found.link);
          if ('file' in found)
            storable.add(found.file.path, found.file.size, found.file.executable, found.file.absolute);
        } else {
          storable.add(rel, sizes[index] as number, ((modes[index] as number) & 0o111) !== 0);
        }
        if (storable.found % PROGRESS_EVERY === 0) options.onProgress?.(storable.found, storable.bytes);
      }
    }
  };

  try {
    await visit('', baseRules);
    await drain(0);
  } finally {
    await workers?.close();
  }
  options.onProgress?.(storable.found, storable.bytes);
  return { root, files: storable.finish(excluded), excluded, links };
}

type Described = { file: WalkedFile; link: LinkReport } | { excluded: Exclusion; link: LinkReport };

/** A link inside the project is stored as the file it points to; any other is reported and left out. */
async function describeLink(root: string, rel: string, absolute: string): Promise<Described> {
  let target: string;
  try {
    target = await realpath(absolute);
  } catch {
    const reason = 'dangling link: its target does not exist';
    return { excluded: { path: rel, reason }, link: { path: rel, target: '?', outcome: 'not-followed', reason } };
  }
  const inside = path.relative(root, target);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    const reason = `link points outside the project (${target}); not followed`;
    return { excluded: { path: rel, reason }, link: { path: rel, target, outcome: 'not-followed', reason } };
  }
  const targetInfo = await stat(target);
  if (!targetInfo.isFile()) {
    const reason = 'link to a folder inside the project: not followed (its files are bundled where they are)';
    return {
      excluded: { path: rel, reason },
      link: { path: rel, target: inside.split(path.sep).join('/'), outcome: 'not-followed', reason },
    };
  }
  return {
    file: { path: rel, absolute: target, size: targetInfo.size, executable: (targetInfo.mode & 0o111) !== 0 },
    link: {
      path: rel,
      target: inside.split(path.sep).join('/'),
      outcome: 'stored-as-file',
      reason: 'link inside the project: stored as the file it points to',
    },
  };
}

/**
 * A folder's entries, each name decoded and whether it is valid UTF-8: one that is not cannot be
 * stored portably (and its decoded form names no file), so it is reported and left out instead of
 * failing the walk. Names are read as strings (as bytes, a Buffer per name cost ~0.3 µs each); a
 * folder where one decodes with U+FFFD is read again as bytes to tell a real U+FFFD from a
 * replaced byte.
 */
function readFolder(folder: string): { entry: Dirent; name: string; valid: boolean }[] {
  const named = readdirSync(folder, { withFileTypes: true });
  if (!named.some((entry) => entry.name.includes('\uFFFD')))
    return named.map((entry) => ({ entry, name: entry.name, valid: true }));
  return readdirSync(folder, { withFileTypes: true, encoding: 'buffer' }).map((entry) => {
    const bytes = entry.name as unknown as Buffer;
    const name = bytes.toString('utf8');
    return { entry: entry as unknown as Dirent, name, valid: Buffer.from(name, 'utf8').equals(bytes) };
  });
}

/** Rule sets in force in one folder that share a base, as one set of rules tested at once. */
interface RuleTester {
  base: string;
  rules: Ignore;
  /** The sets merged, in order: which one ignored a path is asked only when one did. */
  sets: readonly RuleSet[];
  /** The sets' own rules, copied for this folder when first asked which one ignored a path. */
  apart?: Ignore[];
}

/**
 * The folder's rule sets as testers: consecutive sets with the same base (the built-in
 * exclusions, the root's .gitignore and .reproignore, the exclusions given) are merged into one,
 * so a file is tested once where it was tested against each (the rules' matching and ignore's
 * per-path cache were a third of the walk's own time at 100,000 files). Merged, the last rule
 * that matches has the last word, as git reads patterns from several sources; tested apart, a
 * folder a later set re-included (`!.cache/`) still had its files left out by the earlier set.
 * Each folder tests with copies (rules shared, not parsed again): ignore caches every path it
 * is asked about for the life of the instance, which for one set shared by a whole walk of a
 * million files was ~150 MB held until the walk ended.
 */
function testersOf(sets: readonly RuleSet[]): RuleTester[] {
  const testers: RuleTester[] = [];
  for (const set of sets) {
    const last = testers.at(-1);
    if (last !== undefined && last.base === set.base) {
      last.rules.add(set.rules);
      last.sets = [...last.sets, set];
    } else testers.push({ base: set.base, rules: ignore().add(set.rules), sets: [set] });
  }
  return testers;
}

/** The label of the rule set that has the last word on `rel`, if it is ignored. */
function ignoredByRules(testers: readonly RuleTester[], rel: string, isDir: boolean): string | undefined {
  let verdict: string | undefined;
  for (const tester of testers) {
    const { base, rules } = tester;
    if (base !== '' && !rel.startsWith(`${base}/`)) continue;
    const local = base === '' ? rel : rel.slice(base.length + 1);
    const tested = isDir ? `${local}/` : local;
    const result = rules.test(tested);
    if (result.ignored) verdict = labelOf(tester, tested);
    else if (result.unignored) verdict = undefined;
  }
  return verdict;
}

/**
 * Which of a tester's sets ignored a path: the last whose own rules ignore it. Asked only for
 * paths left out, never for the files kept.
 */
function labelOf(tester: RuleTester, tested: string): string {
  const { sets } = tester;
  if (sets.length > 1) {
    tester.apart ??= sets.map((set) => ignore().add(set.rules));
    for (let index = sets.length - 1; index > 0; index -= 1) {
      if (tester.apart[index]?.test(tested).ignored === true) return (sets[index] as RuleSet).label;
    }
  }
  return (sets[0] as RuleSet).label;
}

/**
 * The walk's files as it finds them (in path order), less names a bundle cannot hold portably and
 * names that collide with an earlier one on case-insensitive systems. Only the names that change
 * under case folding or normalisation (usually few) are remembered, and looked up by binary search
 * once the list is whole, where a map of every name was ~85 MB for a million files.
 */
class StorableFiles {
  private readonly builder: WalkedFilesBuilder;
  /** Names the format refuses, in path order: reported after the walk's other exclusions. */
  private readonly unstorable: Exclusion[] = [];
  /** Files whose collision key is not their path: index and key. */
  private readonly folded: { index: number; key: string }[] = [];
  /** Files found, stored or not, and their bytes: the walk's progress. */
  found = 0;
  bytes = 0;

  constructor(root: string) {
    this.builder = new WalkedFilesBuilder(root);
  }

  add(rel: string, size: number, executable: boolean, absolute?: string): void {
    this.found += 1;
    this.bytes += size;
    const problem = entryNameProblem(`${PROJECT_PREFIX}${rel}`);
    if (problem !== undefined) {
      this.unstorable.push({ path: rel, reason: `name cannot be stored portably: ${problem}; rename it` });
      return;
    }
    const key = collisionKey(rel);
    if (key !== rel) this.folded.push({ index: this.builder.length, key });
    this.builder.add(rel, size, executable, absolute);
  }

  /** The list, with what was left out added to `excluded`. */
  finish(excluded: Exclusion[]): WalkedFiles {
    excluded.push(...this.unstorable);
    const files = this.builder.build();
    // Files that share a key: names that change under folding, and the file (if any) named as the key.
    const groups = new Map<string, Set<number>>();
    for (const { index, key } of this.folded) {
      const group = groups.get(key) ?? new Set<number>();
      group.add(index);
      const plain = files.indexOf(key);
      if (plain >= 0) group.add(plain);
      groups.set(key, group);
    }
    const collides = new Map<number, string>();
    for (const group of groups.values()) {
      if (group.size < 2) continue;
      const [first, ...later] = [...group].sort((a, b) => a - b) as [number, ...number[]];
      for (const index of later) collides.set(index, files.path(first));
    }
    if (collides.size === 0) return files;
    const kept: number[] = [];
    for (let index = 0; index < files.length; index += 1) {
      const earlier = collides.get(index);
      if (earlier === undefined) kept.push(index);
      else
        excluded.push({
          path: files.path(index),
          reason: `same name as ${earlier} on case-insensitive file systems; rename one of them`,
        });
    }
    return files.pick(kept);
  }
}

/**
 * `dir/name` as a flat string: a template or `+` makes a cons string (two pieces and a pointer
 * pair), which costs twice the memory of the flat one until something flattens it; a million
 * paths were ~50 MB more held through the walk, and as much garbage after.
 */
function posixJoin(dir: string, name: string): string {
  return dir === '' ? name : [dir, name].join('/');
}
