// `create`: scan a project, refuse secrets, turn large files and declared data into pointers,
// archive the files (each byte read once, hashed while compressed), write SHA256SUMS and the
// manifest, sign it, and only then move the finished bundle into place. Until that rename the
// bundle is a hidden partial file next to the target, removed on any failure or cancellation.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_NAME, APP_VERSION } from '../app-info';
import { CancelledError, ReproError } from '../errors';
import { hashPath } from '../hash-file';
import { throttle, type ProgressSink } from '../progress';
import { findContentSecrets, scanProject, type ScanResult } from '../scan/scan-project';
import type { WalkedFile, WalkedFiles } from '../scan/walk';
import { ContentSecretScanner } from '../scan/secrets';
import type { SecretFinding, ToleranceOverride } from '../../shared/views';
import type Docker from 'dockerode';
import { resolveBaseImage } from '../recipes/base-image';
import { DOCKERIGNORE, generateDockerfile, replayReadme } from '../recipes/dockerfile';
import type { SigningKey } from '../signing/keys';
import { archiveFiles, type FileToArchive } from '../zip/archive-files';
import { synthesize } from '../synth/synthesize';
import { mayNotFit } from '../files/free-space';
import { addInMemory, writeSignedBundle } from './bundle-writer';
import { DOCKERFILE_NAME, DOCKERIGNORE_NAME, PROJECT_PREFIX, README_NAME, SAMPLES_PREFIX } from '../../shared/layout';
import { GENERATOR_VERSION, type DataPointer, type Manifest } from '../../shared/manifest';
import type { FrozenImage } from '../../shared/frozen-image';
import { optional } from '../../shared/optional';
import type { TableFile } from '../../shared/file-table';
import { freezeIntoBundle, type FreezeOptions } from '../freeze/freeze-image';

export interface UserPointer {
  uri: string;
  /** Where the project expects the data, relative to the project folder. */
  localPath: string;
}

export interface CreateOptions {
  projectDir: string;
  output: string;
  /** Replace an existing file at `output` (default); when false it is refused, even if it appears meanwhile. */
  replace?: boolean;
  key: SigningKey;
  run?: string;
  results?: readonly string[];
  pointers?: readonly UserPointer[];
  exclude?: readonly string[];
  allowSecrets?: readonly string[];
  tolerances?: readonly ToleranceOverride[];
  /** Extras of the project to install with it (uv, pip, poetry): among those the scan found it offers. */
  extras?: readonly string[];
  /** The requirements file pip installs, instead of the one the scan chose (a variant, a nested one). */
  requirements?: string;
  largeFileBytes?: number;
  hardware?: boolean;
  /** Base image for the generated Dockerfile (default: from the detected runtime). */
  baseImage?: string;
  /** Engine used to pin the base image by digest; without one it is recorded unpinned. */
  docker?: Docker;
  /**
   * Folder holding the results files to record and bundle instead of the project's own copies
   * (a pre-flight run's outputs), so the manifest and the bundled files agree.
   */
  resultsDir?: string;
  /** What the pre-flight runs found, to record in the manifest. */
  preflight?: Manifest['preflight'];
  /** Datasets (project-relative files, embedded or data pointers) to ship a synthetic sample of. */
  samples?: readonly string[];
  /** Ship a sample of every dataset the scan found that can be sampled. */
  sampleAll?: boolean;
  /** Refuse named results files that are not bundled (default); a pre-flight draft runs before they exist. */
  requireResults?: boolean;
  /** Fixes createdAt and entry times (SOURCE_DATE_EPOCH) for byte-identical rebuilds. */
  sourceDateEpoch?: number;
  /** Build the replay image now and store it in the bundle (`--freeze`, freeze/freeze-image.ts). */
  freeze?: FreezeOptions;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
}

export interface CreateResult {
  file: string;
  bytes: number;
  files: number;
  manifest: Manifest;
  scan: ScanResult;
  /** Whether the engine has the base image; null when no engine was asked. */
  baseImagePresent: boolean | null;
  /** What the author should know about this write (a disk that may be too small). */
  warnings: string[];
}

/** The secrets that stop `create`, each with its rule: the UI lists them with a resolve action. */
export class SecretsFoundError extends ReproError {
  constructor(readonly secrets: readonly SecretFinding[]) {
    const lines = secrets.map((s) => `  ${s.path}${s.line === null ? '' : `:${s.line}`}: ${s.description} [${s.rule}]`);
    super({
      code: 'secrets-found',
      message: `The bundle would contain ${secrets.length} secret(s):\n${lines.join('\n')}`,
      fix: 'Leave out each file (or list it in .reproignore), or if it holds no secret, keep it knowingly (recorded in the manifest).',
      inputs: ['exclude', 'allowSecret'],
      file: secrets[0]?.path,
    });
    this.name = 'SecretsFoundError';
  }
}

/** ZIP times cannot go before 1980; without SOURCE_DATE_EPOCH entries carry this fixed time. */
const DOS_EPOCH = new Date(Date.UTC(1980, 0, 1));

export async function createBundle(options: CreateOptions): Promise<CreateResult> {
  const progress = throttle(options.onProgress);
  const output = path.resolve(options.output);
  const signal = options.signal;
  const checkCancelled = (): void => {
    if (signal?.aborted === true) throw new CancelledError('Creating the bundle');
  };

  progress({ phase: 'scan', message: 'Scanning the project' });
  const scan = await scanProject(options.projectDir, {
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
    ...(options.largeFileBytes === undefined ? {} : { largeFileBytes: options.largeFileBytes }),
    ...(options.results === undefined ? {} : { results: options.results }),
    ...(options.run === undefined ? {} : { command: options.run }),
    ...(options.resultsDir === undefined ? {} : { resultsRoot: options.resultsDir }),
    ...(signal === undefined ? {} : { signal }),
    hardware: options.hardware !== false,
    readContents: false,
    onProgress: (phase, done, total, message) =>
      progress({ phase, done, ...optional('total', total), unit: 'files', ...optional('message', message) }),
  });
  checkCancelled();

  applyTolerances(scan, options.tolerances ?? []);
  applyExtras(scan, options.extras ?? []);
  if (options.requirements !== undefined) applyRequirements(scan, options.requirements);
  const allowed = new Set((options.allowSecrets ?? []).map(normaliseProjectPath));
  const blocking = (found: readonly SecretFinding[]): SecretFinding[] =>
    found.filter((secret) => secret.severity === 'block' && !allowed.has(secret.path));
  const nameSecrets = blocking(scan.secrets);
  if (nameSecrets.length > 0) {
    // Refusing anyway: read contents now too, so the user gets every secret in one list.
    const byContent = blocking(await findContentSecrets(scan.files, signal));
    throw new SecretsFoundError(
      [...nameSecrets, ...byContent].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    );
  }

  // Data pointers: declared by DVC, given by the user, or made from large files.
  progress({ phase: 'data', message: 'Hashing data that stays outside the bundle' });
  const pointers = await resolvePointers(scan, options.pointers ?? [], signal, progress);
  const pointed = (file: string): boolean => pointers.some((p) => file === p.path || file.startsWith(`${p.path}/`));
  const outputInProject = path.relative(scan.root, output).split(path.sep).join('/');
  const bundled = (file: WalkedFile): boolean => !pointed(file.path) && file.path !== outputInProject;
  // The scan's own list when nothing is left out (not a million-entry copy); a new list when results
  // from elsewhere are swapped into it.
  const kept =
    pointers.length === 0 && scan.files.indexOf(outputInProject) < 0 ? scan.files : scan.files.filter(bundled);
  const embedded =
    options.resultsDir === undefined ? kept : await useResultsFrom(options.resultsDir, scan.results.files, kept);
  if (options.results !== undefined && options.requireResults !== false) {
    // A results store (mlruns/) is a folder: some file under it must be bundled.
    const missing = scan.results.files.filter(
      (file) => !embedded.some((candidate) => candidate.path === file || candidate.path.startsWith(`${file}/`)),
    );
    if (missing.length > 0) {
      throw new ReproError({
        code: 'results-not-bundled',
        message: `The results file(s) ${missing.join(', ')} are not among the bundled files.`,
        fix: 'Check the path (relative to the project folder) and that no ignore rule excludes it.',
        file: missing[0],
      });
    }
  }

  // The bundle's size is known only once compressed; the files' own size is the most it can take.
  const warnings: string[] = [];
  const spaceWarning = await mayNotFit(path.dirname(output), embedded.totalSize(), 'the bundle');
  if (spaceWarning !== null) {
    warnings.push(spaceWarning);
    progress({ phase: 'disk-space', message: spaceWarning });
  }

  let samplesFolder: string | undefined;
  let projectFiles = 0;
  let contentSecrets: SecretFinding[] = [];
  let samples: Awaited<ReturnType<typeof makeSamples>> = [];
  let entrypoint: ReturnType<typeof chooseEntrypoint> = null;
  let baseImage: Awaited<ReturnType<typeof resolveBaseImage>> | undefined;
  let image: FrozenImage | null = null;
  try {
    const written = await writeSignedBundle({
      output,
      replace: options.replace ?? false,
      key: options.key,
      modifiedAt: options.sourceDateEpoch === undefined ? DOS_EPOCH : new Date(options.sourceDateEpoch * 1000),
      ...(signal === undefined ? {} : { signal }),
      onProgress: progress,
      fill: async (writer, recorded) => {
        // One object at a time, made as archiving asks for it: a million files are not held twice.
        const toArchive = function* (): Generator<FileToArchive> {
          for (let index = 0; index < embedded.length; index += 1) {
            const file = embedded.path(index);
            yield {
              name: `${PROJECT_PREFIX}${file}`,
              source: embedded.absolute(index, file),
              size: embedded.size(index),
              executable: embedded.executable(index),
            };
          }
        };
        const pathBytes = embedded.length * PROJECT_PREFIX.length + embedded.pathBytes();
        // Room for the project's files, plus a few generated ones (the list grows past it if need be).
        recorded.reserve(embedded.length + 16, pathBytes + 1024);
        const totalBytes = embedded.totalSize();
        const found: SecretFinding[] = [];
        /** Large files' content checks, fed chunk by chunk as they are archived. */
        const scanning = new Map<string, ContentSecretScanner>();
        await archiveFiles(writer, toArchive(), {
          into: recorded,
          ...(signal === undefined ? {} : { signal }),
          inspect: (file, chunk, last) => {
            const name = file.name.slice(PROJECT_PREFIX.length);
            const scanner = scanning.get(name) ?? new ContentSecretScanner(name);
            scanner.push(chunk);
            if (!last) scanning.set(name, scanner);
            else {
              scanning.delete(name);
              found.push(...scanner.finish());
            }
          },
          onFile: (files, bytes) =>
            progress({
              phase: 'archive',
              done: bytes,
              total: totalBytes,
              unit: 'bytes',
              message: `${files} of ${embedded.length} files`,
            }),
        });
        contentSecrets = found;
        projectFiles = recorded.length;
        const contentBlocking = blocking(contentSecrets);
        if (contentBlocking.length > 0) throw new SecretsFoundError(contentBlocking);
        checkCancelled();

        const datasets = [...(options.samples ?? []), ...(options.sampleAll === true ? scan.sampleCandidates : [])];
        if (datasets.length > 0)
          samplesFolder = await mkdtemp(path.join(path.dirname(output), '.reprobundle-samples-'));
        samples =
          samplesFolder === undefined ? [] : await makeSamples(scan.root, datasets, samplesFolder, progress, signal);
        if (samples.length > 0)
          await archiveFiles(
            writer,
            samples.flatMap((sample) => sample.entries),
            { into: recorded, ...(signal === undefined ? {} : { signal }) },
          );
        checkCancelled();

        progress({ phase: 'sign', message: 'Writing the Dockerfile and the manifest, and signing it' });
        baseImage = await resolveBaseImage(scan.environment, options.baseImage, options.docker);
        entrypoint = chooseEntrypoint(options, scan);
        const dockerfile = generateDockerfile({
          baseImage,
          environment: scan.environment,
          command: entrypoint?.command ?? null,
          projectName: scan.name,
        });
        for (const [name, text] of [
          [DOCKERFILE_NAME, dockerfile],
          [DOCKERIGNORE_NAME, DOCKERIGNORE],
          [
            README_NAME,
            replayReadme({
              projectName: scan.name,
              command: entrypoint?.command ?? null,
              dataPaths: pointers.map((pointer) => pointer.path),
              resultsFiles: scan.results.files,
              baseImage,
              authorStage: (scan.environment.build?.dockerfile ?? null) !== null,
            }),
          ],
        ] as const) {
          recorded.addFile(await addInMemory(writer, name, Buffer.from(text, 'utf8')));
        }
        if (options.freeze !== undefined) {
          const archived = recorded.build();
          const frozen = await freezeIntoBundle(
            writer,
            options.freeze,
            {
              dockerfile,
              dockerignore: DOCKERIGNORE,
              files: embedded.map((file) => {
                const name = `${PROJECT_PREFIX}${file.path}`;
                const listed = archived.get(name) as TableFile;
                return { name, source: file.absolute, sha256: listed.sha256, executable: listed.executable };
              }),
            },
            progress,
            signal,
          );
          image = frozen.image;
          for (const file of frozen.files) recorded.addFile(file);
        }
      },
      manifest: (files) => {
        const overridden = [...scan.secrets, ...contentSecrets].filter((secret) => allowed.has(secret.path));
        return buildManifest(options, scan, {
          files,
          pointers,
          overridden,
          entrypoint,
          samples: samples.map((sample) => sample.record),
          replay: {
            generator: { version: GENERATOR_VERSION },
            baseImage: baseImage as NonNullable<typeof baseImage>,
          },
          image,
        });
      },
    });
    progress({ phase: 'done', done: written.bytes, total: written.bytes, unit: 'bytes' });
    return {
      file: written.file,
      bytes: written.bytes,
      files: projectFiles,
      manifest: written.manifest,
      scan,
      baseImagePresent: baseImage?.present ?? null,
      warnings,
    };
  } finally {
    if (samplesFolder !== undefined) await rm(samplesFolder, { recursive: true, force: true });
  }
}

function buildManifest(
  options: CreateOptions,
  scan: ScanResult,
  parts: Pick<Manifest, 'files' | 'entrypoint' | 'replay' | 'samples' | 'image'> & {
    pointers: DataPointer[];
    overridden: SecretFinding[];
  },
): Manifest {
  const { files, pointers, overridden } = parts;
  const createdAt = options.sourceDateEpoch === undefined ? new Date() : new Date(options.sourceDateEpoch * 1000);
  const overrides = new Map<string, Set<string>>();
  for (const secret of overridden)
    overrides.set(secret.path, (overrides.get(secret.path) ?? new Set()).add(secret.rule));
  return {
    format: 'reprobundle',
    formatVersion: 2,
    createdAt: createdAt.toISOString(),
    createdBy: { app: APP_NAME, version: APP_VERSION },
    signer: {
      name: options.key.name,
      fingerprint: options.key.fingerprint,
      publicKey: options.key.rawPublicKey.toString('base64'),
    },
    project: { name: scan.name, git: scan.git },
    files,
    secretOverrides: [...overrides]
      .map(([file, rules]) => ({ path: file, rules: [...rules].sort() }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
    exclusions: scan.excluded,
    dataPointers: pointers,
    params: scan.params,
    environment: scan.environment,
    hardware: scan.hardware,
    entrypoint: parts.entrypoint,
    entrypointProposals: scan.entrypointProposals,
    results: scan.results,
    samples: parts.samples,
    preflight: options.preflight ?? null,
    replay: parts.replay,
    image: parts.image,
  };
}

/** Synthesizes each requested dataset into `folder` (the caller removes it). */
async function makeSamples(
  root: string,
  datasets: readonly string[],
  folder: string,
  progress: ProgressSink,
  signal: AbortSignal | undefined,
): Promise<{ entries: FileToArchive[]; record: Manifest['samples'][number] }[]> {
  const made: { entries: FileToArchive[]; record: Manifest['samples'][number] }[] = [];
  const supported = /\.(csv|tsv|txt|jsonl|ndjson|parquet)$/i;
  for (const [index, dataset] of [...new Set(datasets.map(normaliseProjectPath))].sort().entries()) {
    progress({
      phase: 'samples',
      message: `Synthesizing a sample of ${dataset}`,
      done: index,
      total: datasets.length,
      unit: 'files',
    });
    const input = path.join(root, ...dataset.split('/'));
    if (!supported.test(dataset) || (await stat(input).catch(() => undefined))?.isFile() !== true) {
      throw new ReproError({
        code: 'sample-unsupported',
        kind: 'usage',
        message: `A synthetic sample of ${dataset} cannot be made: ${supported.test(dataset) ? 'no such file in the project folder' : 'only CSV, TSV, JSON Lines and Parquet files can be sampled'}.`,
        fix: 'Name a CSV, TSV, JSON Lines or Parquet file at its path in the project (the data must be present locally to be sampled).',
        inputs: ['sampleDataset'],
        file: dataset,
      });
    }
    const sampleFile = path.join(folder, `${index}.sample`);
    const report = await synthesize({
      input,
      output: sampleFile,
      seed: 0,
      ...(signal === undefined ? {} : { signal }),
    });
    const reportFile = path.join(folder, `${index}.report.json`);
    await writeFile(
      reportFile,
      `${JSON.stringify({ ...report, input: dataset, output: `${SAMPLES_PREFIX}${dataset}` }, null, 2)}\n`,
    );
    const entry = async (name: string, source: string): Promise<FileToArchive> => ({
      name,
      source,
      size: (await stat(source)).size,
      executable: false,
    });
    made.push({
      entries: [
        await entry(`${SAMPLES_PREFIX}${dataset}`, sampleFile),
        await entry(`${SAMPLES_PREFIX}${dataset}.report.json`, reportFile),
      ],
      record: {
        dataset,
        file: `${SAMPLES_PREFIX}${dataset}`,
        report: `${SAMPLES_PREFIX}${dataset}.report.json`,
        rows: report.options.rows,
        summary: report.fidelity.summary,
      },
    });
  }
  return made;
}

/** Bundles the results files from `dir` (a pre-flight run's outputs) in place of the project's copies. */
async function useResultsFrom(
  dir: string,
  resultsFiles: readonly string[],
  embedded: WalkedFiles,
): Promise<WalkedFiles> {
  const replacements: WalkedFile[] = [];
  for (const file of resultsFiles) {
    const absolute = path.join(dir, ...file.split('/'));
    const info = await stat(absolute).catch(() => undefined);
    if (info !== undefined) replacements.push({ path: file, absolute, size: info.size, executable: false });
  }
  return embedded.with(replacements);
}

function chooseEntrypoint(options: CreateOptions, scan: ScanResult): Manifest['entrypoint'] {
  if (options.run !== undefined) return { command: options.run, source: 'given by the author' };
  const proposed = scan.entrypointProposals[0];
  return proposed === undefined
    ? null
    : { command: proposed.command, source: `proposed from ${proposed.source} (not confirmed)` };
}

/** Records the requirements file the author chose; it must be one of the project's files. */
function applyRequirements(scan: ScanResult, chosen: string): void {
  const file = normaliseProjectPath(chosen);
  const build = scan.environment.build;
  if (build === undefined || scan.files.indexOf(file) < 0)
    throw new ReproError({
      code: 'requirements-not-found',
      kind: 'usage',
      message: `${chosen} is not among the project's files, so it cannot be the requirements file pip installs.`,
      fix: `Name a requirements file inside the project folder (relative to it)${
        scan.environment.files.some((entry) => entry.kind === 'pip requirements')
          ? `, e.g. ${scan.environment.files
              .filter((entry) => entry.kind === 'pip requirements')
              .map((entry) => entry.path)
              .join(', ')}`
          : ''
      }.`,
      inputs: ['requirementsFile'],
    });
  build.requirements = file;
  if (!scan.environment.files.some((entry) => entry.path === file))
    scan.environment.files.push({ path: file, kind: 'pip requirements' });
  // The scan's note about which file it chose no longer applies.
  scan.environment.findings = scan.environment.findings.filter(
    (finding) => finding.code !== 'requirements-chosen' && finding.code !== 'requirements-ambiguous',
  );
}

/** Records the extras chosen; one the project does not offer is refused, naming those it does. */
function applyExtras(scan: ScanResult, extras: readonly string[]): void {
  if (extras.length === 0) return;
  const build = scan.environment.build;
  const available = build?.extrasAvailable ?? [];
  const unknown = extras.filter((extra) => !available.includes(extra));
  if (build === undefined || unknown.length > 0)
    throw new ReproError({
      code: 'unknown-extra',
      kind: 'usage',
      message: `The project offers no extra ${unknown.join(', ')}${available.length === 0 ? ' (its pyproject.toml declares none)' : ` (it offers ${available.join(', ')})`}.`,
      fix: 'Choose among the extras the project offers, or none.',
      inputs: ['extras'],
    });
  build.extras = [...new Set(extras)].sort();
}

function applyTolerances(scan: ScanResult, overrides: readonly ToleranceOverride[]): void {
  for (const override of overrides) {
    const metrics = scan.results.metrics.filter(
      (metric) => metric.name === override.metric || `${metric.file}:${metric.name}` === override.metric,
    );
    if (metrics.length === 0 || metrics.some((metric) => typeof metric.value !== 'number')) {
      throw new ReproError({
        code: 'unknown-metric',
        kind: 'usage',
        message: `A tolerance is given for ${override.metric}, but ${metrics.length === 0 ? 'no recorded metric has this name' : 'this metric is not a number'}.`,
        fix: `Numeric metrics recorded: ${
          scan.results.metrics
            .filter((metric) => typeof metric.value === 'number')
            .map((metric) => metric.name)
            .join(', ') || 'none (name the results file)'
        }.`,
        inputs: ['tolerance', 'resultsFiles'],
      });
    }
    for (const metric of metrics) {
      metric.tolerance = {
        absolute: override.absolute ?? metric.tolerance?.absolute ?? 0,
        relative: override.relative ?? metric.tolerance?.relative ?? 0,
      };
    }
  }
}

async function resolvePointers(
  scan: ScanResult,
  given: readonly UserPointer[],
  signal: AbortSignal | undefined,
  progress: ProgressSink,
): Promise<DataPointer[]> {
  const pointers: DataPointer[] = [...scan.dataPointers];
  // Data kept outside can be gigabytes (seconds each): its bytes are counted as they are hashed.
  const hashing = (rel: string, size: number | undefined) => (done: number) =>
    progress({ phase: 'data', done, ...optional('total', size), unit: 'bytes', message: `Hashing ${rel}` });
  const upsert = (pointer: DataPointer): void => {
    const index = pointers.findIndex((existing) => existing.path === pointer.path);
    if (index >= 0)
      pointers[index] = {
        ...pointers[index],
        ...pointer,
        md5: pointers[index]?.md5 ?? pointer.md5,
        remote: pointers[index]?.remote ?? pointer.remote,
      };
    else pointers.push(pointer);
  };
  for (const pointer of given) {
    const rel = normaliseProjectPath(pointer.localPath);
    if (rel.startsWith('../') || path.isAbsolute(rel)) {
      throw new ReproError({
        code: 'pointer-outside-project',
        message: `The data pointer ${pointer.uri} = ${pointer.localPath} is refused: the local path must be inside the project (it is where the project reads the data).`,
        fix: 'Give the path relative to the project folder, e.g. s3://bucket/train.csv at data/train.csv.',
        inputs: ['dataPointer'],
      });
    }
    const local = path.join(scan.root, rel);
    const info = await stat(local).catch(() => undefined);
    // No local copy: the pointer records the URI only, and replay fetches without a checksum to check.
    const digest =
      info === undefined
        ? undefined
        : await hashPath(local, signal, hashing(rel, info.isDirectory() ? undefined : info.size));
    upsert({
      path: rel,
      uri: pointer.uri,
      size: digest?.size ?? null,
      sha256: digest?.sha256 ?? null,
      md5: null,
      nfiles: digest === undefined ? null : digest.files,
      isDirectory: info?.isDirectory() === true,
      source: 'user',
      declaredIn: null,
      remote: null,
    });
  }
  for (const file of scan.largeFiles) {
    if (pointers.some((pointer) => pointer.path === file.path && pointer.sha256 !== null)) continue;
    const digest = await hashPath(file.absolute, signal, hashing(file.path, file.size));
    upsert({
      path: file.path,
      uri: pointers.find((pointer) => pointer.path === file.path)?.uri ?? null,
      size: digest.size,
      sha256: digest.sha256,
      md5: null,
      nfiles: 1,
      isDirectory: false,
      source: 'large-file',
      declaredIn: null,
      remote: null,
    });
  }
  return pointers.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function normaliseProjectPath(value: string): string {
  return path.posix.normalize(value.split(path.sep).join('/')).replace(/^\.\//, '').replace(/\/$/, '');
}
