// Scans a project folder for everything a bundle records (docs/FORMAT.md): the files to embed
// (and why others are left out), secrets, large files that must become data pointers, DVC data
// pointers, params, environment, hardware, entrypoint proposals and recorded results.
// It reads file contents only for secrets (optional: `create` checks contents while archiving,
// so each byte is read once) and for the small metadata files it parses.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type {
  DataPointer,
  EntrypointProposal,
  EnvironmentInfo,
  Finding,
  GitInfo,
  HardwareInfo,
  Metric,
  ParamValue,
} from '../../shared/manifest';
import { nextTurn, sliceSpent } from '../yield';
import { readProjectFileSync } from '../files/read-small-file';
import { CancelledError } from '../errors';
import { readDvc } from './dvc';
import { readEnvironment } from '../recipes/detect-environment';
import { readGitInfo } from './git-info';
import { findInterpreter } from '../recipes/interpreter';
import { readLfsStubs } from './git-lfs';
import { archiveKind, walkArchiveFile } from '../files/archive-walk';
import { findStores, storeMetrics } from './results-stores';

/** Results stores named like files: `--results mlruns` reads the latest MLflow run. */
const RESULTS_STORES: ReadonlyMap<string, 'mlflow' | 'wandb'> = new Map([
  ['mlruns', 'mlflow'],
  ['wandb', 'wandb'],
]);
import { readHardware } from './hardware';
import { readParams } from './params';
import { chooseResultsFiles, proposeEntrypoints, readMetrics, writtenFiles } from './results';
import { ContentSecretScanner, secretsByName, secretsInContent } from './secrets';
import { type SecretFinding } from '../../shared/views';
import { walkProject, type Exclusion, type LinkReport, type WalkedFile, type WalkedFiles } from './walk';

/** Files above this are never embedded silently: they become data pointers (configurable). */
export const DEFAULT_LARGE_FILE_BYTES = 50 * 1024 * 1024;

export interface ScanOptions {
  exclude?: readonly string[];
  largeFileBytes?: number;
  /** Results files named by the user (`--results`); otherwise proposed. */
  results?: readonly string[];
  /** The command that reproduces the result, when the author gave it (its Hydra overrides apply to the params). */
  command?: string;
  /** Where the results files are read (a pre-flight run's outputs); default the project itself. */
  resultsRoot?: string;
  /** Check file contents for secrets now (scan) or leave it to the archiving pass (create). */
  readContents?: boolean;
  /** Record the machine's hardware (slow-ish: probes tools). */
  hardware?: boolean;
  signal?: AbortSignal;
  /** `message`: what the scan is doing now, when it is not counting files (a million files' passes take seconds). */
  onProgress?: (phase: string, done: number, total: number | undefined, message?: string) => void;
}

export interface ScanResult {
  root: string;
  name: string;
  git: GitInfo | null;
  /** Files to embed, sorted. */
  /** In the format's path order, as columns (a million files are not a million objects). */
  files: WalkedFiles;
  excluded: Exclusion[];
  links: LinkReport[];
  secrets: SecretFinding[];
  /** Files above the threshold: they become data pointers, never embedded. */
  largeFiles: WalkedFile[];
  dataPointers: DataPointer[];
  params: { files: string[]; values: ParamValue[] };
  environment: EnvironmentInfo;
  hardware: HardwareInfo | null;
  entrypointProposals: EntrypointProposal[];
  results: { files: string[]; metrics: Metric[] };
  /** Datasets a synthetic sample can be made of: supported formats present locally (`create --sample`). */
  sampleCandidates: string[];
  findings: Finding[];
  totals: { files: number; bytes: number };
}

export async function scanProject(projectDir: string, options: ScanOptions = {}): Promise<ScanResult> {
  const threshold = options.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES;
  // Started before the walk, which they do not need: git's own status walks the tree in a child
  // process (~0.1 s for 100,000 files, seconds for a million) while this one walks it here, and
  // asking python3 for its version and site-packages took 80 ms after the walk (pyenv's shims).
  const gitInfo = readGitInfo(path.resolve(projectDir));
  const interpreter = findInterpreter(path.resolve(projectDir));
  interpreter.catch(() => undefined); // awaited by readEnvironment
  const hardware = options.hardware === false ? Promise.resolve(null) : readHardware().catch(() => null);
  const walked = await walkProject(projectDir, {
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onProgress: (files) => options.onProgress?.('scan', files, undefined),
  });
  const root = walked.root;
  // The passes below read the whole list, each a fraction of a second at a million files: each
  // says what it is doing, so that progress keeps coming (at least every second).
  const found = walked.files.length;
  const doing = (message: string): void => options.onProgress?.('scan', found, found, message);
  doing('Reading pipelines and parameters');
  const paths = walked.files.paths();

  const [git, dvc, params] = await Promise.all([
    gitInfo,
    readDvc(root, paths),
    readParams(root, paths, options.command),
  ]);
  doing('Looking for entry points');
  const entrypointProposals = throughStartWrapper(
    await proposeEntrypoints(root, paths, [...dvc.stages, ...params.entryPoints]),
    walked.files,
  );
  doing('Reading the environment');
  const environment = await readEnvironment(root, paths, entrypointProposals.length > 0, interpreter);

  const remote = git?.remote ?? null;
  // Passes that need names (and sizes) take the names decoded once above, not the columns again
  // (re-iterable: the LFS pass reads the list twice).
  const named: Iterable<{ path: string; size: number }> = {
    *[Symbol.iterator]() {
      for (const [index, file] of paths.entries()) yield { path: file, size: walked.files.size(index) };
    },
  };
  doing('Looking for Git LFS pointers and results');
  const lfs = await readLfsStubs(root, named, remote !== null && /^https:\/\//.test(remote) ? remote : null);
  const dataPointers = [...dvc.pointers, ...lfs.pointers];
  const findings: Finding[] = [...dvc.findings, ...params.findings, ...lfs.findings];
  const chosen = chooseResultsFiles(paths, options.results, dvc.metricsFiles, {
    written: await writtenFiles(root, paths),
    params: new Set(params.files),
  });
  const resultsFiles: string[] = [];
  const metrics: Metric[] = [];
  for (const file of chosen.files) {
    const store = RESULTS_STORES.get(file);
    if (store !== undefined) {
      // An experiment tracker's store named as the results: its latest run's numbers.
      const stored = await storeMetrics(options.resultsRoot ?? root, store, file);
      if (stored.length === 0 && chosen.heuristic) continue;
      resultsFiles.push(file);
      metrics.push(...stored);
      continue;
    }
    const read = await readMetrics(options.resultsRoot ?? root, file);
    // A guessed results file counts only for its numbers; one with none is not a results file.
    const kept = chosen.heuristic ? read.metrics.filter((metric) => typeof metric.value === 'number') : read.metrics;
    if (chosen.heuristic && kept.length === 0) continue;
    resultsFiles.push(file);
    metrics.push(...kept);
    findings.push(...read.findings);
  }
  // Nothing credible in files: the latest run of an MLflow or W&B store the project keeps.
  if (chosen.heuristic && metrics.length === 0)
    for (const metric of await findStores(options.resultsRoot ?? root, paths)) {
      if (!resultsFiles.includes(metric.file)) resultsFiles.push(metric.file);
      metrics.push(metric);
    }

  doing('Checking names for secrets and large files');
  const stubs = new Set(lfs.pointers.map((pointer) => pointer.path));
  const large: number[] = [];
  for (let index = 0; index < walked.files.length; index += 1)
    if (walked.files.size(index) > threshold) large.push(index);
  const largeFiles = walked.files.pick(large).toArray();
  // Usually nothing to leave out: then the walk's list is the list (not a million-entry copy).
  const leftOut = new Set([...largeFiles.map((file) => file.path), ...stubs]);
  const files = leftOut.size === 0 ? walked.files : walked.files.filter((file) => !leftOut.has(file.path));
  const secrets: SecretFinding[] = [];
  for (const file of paths) if (!leftOut.has(file)) secrets.push(...secretsByName(file));
  if (options.readContents === true)
    secrets.push(...(await findContentSecrets(files, options.signal, options.onProgress)));

  doing('Looking for datasets to sample');
  const sampleCandidates = await findSampleCandidates(
    root,
    paths,
    dataPointers,
    new Set([...resultsFiles, ...params.files]),
  );
  return {
    root,
    name: path.basename(root),
    git,
    files,
    excluded: walked.excluded,
    links: walked.links,
    secrets,
    largeFiles,
    dataPointers,
    params: { files: params.files, values: params.values },
    environment,
    hardware: await hardware,
    entrypointProposals,
    results: { files: resultsFiles, metrics },
    sampleCandidates,
    findings,
    totals: { files: files.length, bytes: files.totalSize() },
  };
}

const SAMPLEABLE = /\.(csv|tsv|jsonl|ndjson|parquet)$/i;

/**
 * Datasets a synthetic sample can be made of: supported files in the project, and data pointers
 * whose local copy is here (DVC-tracked data is usually git-ignored, so the walk skips it).
 */
async function findSampleCandidates(
  root: string,
  files: readonly string[],
  pointers: readonly DataPointer[],
  notData: ReadonlySet<string>,
): Promise<string[]> {
  const candidates = new Set<string>();
  for (const file of files) if (SAMPLEABLE.test(file) && !notData.has(file)) candidates.add(file);
  for (const pointer of pointers) {
    if (pointer.isDirectory || !SAMPLEABLE.test(pointer.path) || notData.has(pointer.path)) continue;
    if ((await stat(path.join(root, ...pointer.path.split('/'))).catch(() => undefined))?.isFile() === true)
      candidates.add(pointer.path);
  }
  return [...candidates].sort();
}

/** Reads each file whole for the content rules (scan, and create's failure report). */
export async function findContentSecrets(
  files: WalkedFiles,
  signal?: AbortSignal,
  onProgress?: ScanOptions['onProgress'],
): Promise<SecretFinding[]> {
  const found: SecretFinding[] = [];
  for (const [index, file] of files.entries()) {
    if (signal?.aborted === true) throw new CancelledError('Checking files for secrets');
    if (sliceSpent(index)) await nextTurn();
    found.push(...(await contentSecrets(file)));
    if ((index + 1) % 500 === 0) onProgress?.('secrets', index + 1, files.length);
  }
  return found;
}

/** The scan reads files for the content rules this much at a time. */
const CONTENT_CHUNK_BYTES = 1024 * 1024;

async function contentSecrets(file: WalkedFile): Promise<SecretFinding[]> {
  if (file.size === 0) return [];
  if (file.size <= CONTENT_CHUNK_BYTES) {
    // Most project files: read whole, synchronously (see readProjectFileSync for why).
    const data = readProjectFileSync(file.absolute, CONTENT_CHUNK_BYTES);
    if (data === undefined || data.length === 0) return [];
    if (archiveKind(data.subarray(0, 512)) !== 'plain') return secretsInArchive(file);
    const scanner = new ContentSecretScanner(file.path);
    scanner.push(data);
    return scanner.finish();
  }
  const handle = await open(file.absolute, 'r');
  const scanner = new ContentSecretScanner(file.path);
  let head: Buffer | undefined;
  try {
    // One buffer, reused: the scanner decodes each chunk before the next read.
    const buffer = Buffer.allocUnsafe(Math.min(file.size, CONTENT_CHUNK_BYTES));
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (head === undefined) {
        head = Buffer.from(chunk.subarray(0, 512));
        if (archiveKind(head) !== 'plain') break;
      }
      scanner.push(chunk);
      if (!scanner.wantsMore) break;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (head === undefined) return [];
  if (archiveKind(head) === 'plain') return scanner.finish();
  return secretsInArchive(file);
}

/**
 * Archives that ship (zip, npz, whl, jar, tar, gz, tgz): every entry searched, reported on the
 * project file (what can be left out), saying which entry holds it.
 */
async function secretsInArchive(file: WalkedFile): Promise<SecretFinding[]> {
  const inside: SecretFinding[] = [];
  await walkArchiveFile(file.absolute, file.path, {
    name: async () => undefined,
    content: async (label, data) =>
      void inside.push(
        ...secretsInContent(file.path, data).map((finding) => ({
          ...finding,
          description: `${finding.description} (inside ${label})`,
        })),
      ),
  });
  return inside;
}

/**
 * repo2docker's `start` (top level, or in binder/): a script that sets the environment up and
 * ends with `exec "$@"`. Every proposed command runs through it, shown as part of the command.
 */
function throughStartWrapper(proposals: EntrypointProposal[], files: WalkedFiles): EntrypointProposal[] {
  const start = ['binder/start', '.binder/start', 'start']
    .map((name) => files.get(name))
    .find((file) => file !== undefined);
  if (start === undefined) return proposals;
  const wrapper = start.executable ? `./${start.path}` : `sh ./${start.path}`;
  return proposals.map((proposal) => ({
    command: `${wrapper} ${proposal.command}`,
    source: `${proposal.source}, through ${start.path} (the project's start wrapper)`,
  }));
}
