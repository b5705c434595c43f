// `replay`: verify → extract → data → build → run → compare, and a verdict a reviewer can trust:
// REPRODUCED only when every recorded metric came out again within its tolerance; a bundle that
// fails verification is never built or run. The run sees a fresh copy of the project (the
// outputs folder, read-write, with the author's results files removed so they cannot be
// mistaken for new ones) and the data read-only, in the sandbox of run-container.ts.
import { chmod, cp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { GENERATOR_VERSION, type Manifest } from '../../shared/manifest';
import { DOCKERFILE_NAME } from '../../shared/layout';
import { readStore } from '../scan/results-stores';
import { verifyBundle } from '../open/verify-bundle';
import {
  DEFAULT_BUILD_TIMEOUT_MS,
  DEFAULT_LIMITS,
  DEFAULT_OUTPUTS_QUOTA_GB,
  DEFAULT_RUN_TIMEOUT_MS,
  type ResourceLimits,
} from '../../shared/defaults';
import { formatBytes } from '../../shared/format';
import { runContainer } from '../docker/run-container';
import { CancelledError, ReproError } from '../errors';
import { optional } from '../../shared/optional';
import { hashFile, type Digest } from '../hash-file';
import { cachedExtraction, extractIntoCache, hasExtraction } from '../open/extraction-cache';
import { dockerfileProblems } from '../recipes/dockerfile-problems';
import { authorBuildSteps } from '../recipes/install-plan';
import { dockerfileDifference, expectedDockerfile } from './replay-dockerfile';
import { replayImageTag } from '../docker/replay-image';
import { throttle, type ProgressSink } from '../progress';
import { machineHardware } from './machine-hardware';
import { readMetrics } from '../scan/results';
import type { TrustStore } from '../signing/trust-store';
import { BuildFailedError, buildImage } from '../docker/build-image';
import { compareMetric, toleranceTooWide } from './compare-results';
import { type MetricComparison } from '../../shared/replay-report';
import { AUTHOR_STAGE_ARG, CONTAINER_UID, PROJECT_DIR } from '../recipes/dockerfile';
import { imageReference } from '../recipes/dockerfile-text';
import { freshWorkFolder, unpackVerifiedBundle, type UnpackOptions } from '../open/extract-bundle';
import { diffHardware } from './hardware-diff';
import { imageDistributions, packageDifference } from './image-packages';
import { resolveData, type ResolvedData } from './resolve-data';
import type { ReplayReport, Verdict } from '../../shared/replay-report';
import { IMAGE_FOLDER, type FrozenImage } from '../../shared/frozen-image';
import { loadFrozenImage } from '../freeze/load-image';

export interface ReplayOptions {
  file: string;
  docker: Docker;
  /** Folder under which this replay gets its own fresh folder. */
  workRoot: string;
  /** Where downloaded data is kept between replays. */
  cacheDir: string;
  dataDir?: string;
  /** A local DVC remote the reviewer named (resolve-data.ts). */
  dvcRemoteDir?: string;
  /** Smoke run: the bundle's synthetic samples stand in for its datasets; never "reproduced". */
  sample?: boolean;
  baseImage?: string;
  network?: boolean;
  limits?: ResourceLimits;
  runTimeoutMs?: number;
  buildTimeoutMs?: number;
  trust?: readonly string[];
  /** Fingerprints of the user's own signing keys (trusted as theirs). */
  ownKeys?: readonly string[];
  trustStore?: TrustStore;
  /** Metrics with a too-wide tolerance fail instead of passing with a warning. */
  strictTolerances?: boolean;
  /**
   * Whether the build may use the engine's default network (to download the packages the
   * Dockerfile installs; default true). False builds with no network: enough when the base image
   * already holds every dependency, and the only way to be sure a build reaches nothing.
   */
  buildNetwork?: boolean;
  /** How many bytes the run may write into its outputs folder (default DEFAULT_OUTPUTS_QUOTA_GB). */
  outputsQuotaBytes?: number;
  /** Build the bundle's own Dockerfile although it differs from the generated one (the reviewer accepted it). */
  useShippedDockerfile?: boolean;
  /** A frozen bundle: build the image from the recipe instead of loading the author's frozen image. */
  rebuild?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressSink;
  onLog?: (source: 'build' | 'run', line: string) => void;
}

const LOG_TAIL_LINES = 60;

function outputsQuotaOf(options: Pick<ReplayOptions, 'outputsQuotaBytes'>): number {
  return options.outputsQuotaBytes ?? DEFAULT_OUTPUTS_QUOTA_GB * 1e9;
}

/**
 * Runs the manifest's command (given as the container's command) in a shell, with umask 0 and a
 * writable HOME on the run's /tmp, seeded from the image's home (what postBuild or pip put there),
 * since the image itself is read-only: caches (~/.cache for Hugging Face, torch.hub, wandb) work.
 */
export const RUN_HOME = '/tmp/home';
export const RUN_ENTRYPOINT = [
  '/bin/sh',
  '-c',
  `umask 0000; mkdir -p "$HOME" && cp -a /home/repro/. "$HOME"/ 2>/dev/null; exec /bin/sh -c "$1"`,
  'sh',
];

export async function replayBundle(options: ReplayOptions): Promise<ReplayReport> {
  const progress = throttle(options.onProgress);
  const startedAt = new Date().toISOString();
  let phaseStart = Date.now();
  const cancelled = (): void => {
    if (options.signal?.aborted === true) throw new CancelledError('The replay');
  };

  progress({ phase: 'verify', message: 'Checking the signature and every file' });
  // The file's own hash first (an attestation of this replay names it): when these exact bytes
  // verified and were unpacked before, the extraction is reused and the entries are not hashed
  // again (open/extraction-cache.ts); the signature, manifest and file list always are.
  // A bundle of gigabytes takes seconds to hash, verify and unpack: each counts its bytes.
  const fileSize = (await stat(options.file).catch(() => undefined))?.size;
  const digest = await hashFile(options.file, options.signal, (done) =>
    progress({
      phase: 'verify',
      done,
      ...optional('total', fileSize),
      unit: 'bytes',
      message: 'Hashing the bundle file',
    }),
  ).catch((error: unknown) => {
    if (error instanceof CancelledError) throw error;
    return null;
  });
  const verify = (filesVerifiedBefore: boolean) =>
    verifyBundle(options.file, {
      ...(options.trust === undefined ? {} : { trust: options.trust }),
      ...(options.ownKeys === undefined ? {} : { ownKeys: options.ownKeys }),
      ...(options.trustStore === undefined ? {} : { trustStore: options.trustStore }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      // All of it is the replay's verify step (the GUI lists the replay's steps by phase).
      onProgress: (event) => progress({ ...event, phase: 'verify' }),
      filesVerifiedBefore,
    });
  const cachedHash = digest !== null && (await hasExtraction(options.workRoot, digest.sha256));
  let verification = await verify(cachedHash);
  const reusable =
    cachedHash && verification.valid && verification.manifest !== null
      ? await cachedExtraction(options.workRoot, (digest as Digest).sha256, verification.manifest)
      : undefined;
  // Cached under that hash but not with this manifest (the file changed while it was hashed):
  // everything is checked again, and nothing cached is used.
  if (cachedHash && reusable === undefined) verification = await verify(false);
  const report: ReplayReport = {
    file: options.file,
    startedAt,
    finishedAt: startedAt,
    verdict: 'FAILED',
    reason: '',
    verification: {
      valid: verification.valid,
      trusted: verification.trusted,
      problems: verification.problems,
      signer: verification.signature.signer,
      trust: verification.signature.trust,
    },
    project: null,
    workDir: null,
    data: [],
    image: null,
    run: null,
    metrics: [],
    hardware: [],
    machine: null,
    bundleSha256: digest?.sha256 ?? null,
    buildLogTail: [],
    warnings: [],
    timings: {},
  };
  const phaseDone = (phase: keyof ReplayReport['timings']): void => {
    report.timings[phase] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };
  const finish = (verdict: Verdict, reason: string): ReplayReport => {
    report.verdict = verdict;
    report.reason = reason;
    report.finishedAt = new Date().toISOString();
    return report;
  };
  phaseDone('verify');
  const manifest = verification.manifest;
  if (!verification.valid || manifest === null) {
    return finish(
      'FAILED',
      `The bundle failed verification and was not built or run: ${verification.problems[0] ?? 'invalid signature'}.`,
    );
  }
  const trust = verification.signature.trust;
  if (trust?.state === 'key-changed' && !verification.trusted) {
    return finish(
      'FAILED',
      `"${manifest.signer.name}" signed earlier bundles with a different key, so this one may come from someone else using their name; it was not built or run. Confirm the new key with the author and trust it, then replay again.`,
    );
  }
  if ((options.trust?.length ?? 0) > 0 && !verification.trusted) {
    return finish(
      'FAILED',
      'The bundle is not signed by a key named as trusted for this replay; it was not built or run.',
    );
  }
  // What a REPRODUCED would not certify, said before anything runs and in every report.
  report.warnings = manifest.results.metrics.flatMap((metric) => {
    const wide = toleranceTooWide(metric);
    return wide === undefined
      ? []
      : [
          `${wide}: it would pass almost any result${options.strictTolerances === true ? ', so it fails (strict tolerances)' : ''}.`,
        ];
  });
  report.project = {
    name: manifest.project.name,
    commit: manifest.project.git?.commit ?? null,
    command: manifest.entrypoint?.command ?? null,
  };
  cancelled();

  const workDir = await freshWorkFolder(options.workRoot, 'replay');
  report.workDir = workDir;
  progress({
    phase: 'extract',
    message: reusable === undefined ? 'Unpacking once, kept for replaying again' : 'Reusing the verified extraction',
  });
  // Shared by later replays of the same bytes: builds only read it, each run gets its own copy.
  const unpacking: UnpackOptions = {
    ...optional('signal', options.signal),
    onBytes: (done, total) =>
      progress({ phase: 'extract', done, total, unit: 'bytes', message: 'Unpacking once, kept for replaying again' }),
  };
  const bundleDir =
    reusable ??
    (digest === null
      ? await unpackInto(options.file, manifest, path.join(workDir, 'bundle'), unpacking)
      : await extractIntoCache(options.file, digest.sha256, manifest, options.workRoot, unpacking));
  report.extraction = reusable === undefined ? 'fresh' : 'reused';
  phaseDone('extract');
  cancelled();

  progress({
    phase: 'data',
    message: options.sample === true ? 'Using the synthetic samples' : 'Finding and checking the data',
  });
  const sampled = new Map(
    (options.sample === true ? manifest.samples : []).map((sample) => [
      sample.dataset,
      path.join(bundleDir, ...sample.file.split('/')),
    ]),
  );
  if (options.sample === true && sampled.size === 0) {
    throw new ReproError({
      code: 'no-samples',
      kind: 'usage',
      message: 'This bundle carries no synthetic samples, so it cannot be smoke-tested on them.',
      fix: 'Replay it with the real data.',
      inputs: ['dataDir'],
    });
  }
  let data: ResolvedData[];
  try {
    data = await resolveData(
      manifest.dataPointers.filter((pointer) => !sampled.has(pointer.path)),
      {
        cacheDir: options.cacheDir,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(options.dvcRemoteDir === undefined ? {} : { dvcRemoteDir: options.dvcRemoteDir }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    );
  } catch (error) {
    if (error instanceof ReproError && (error.code === 'data-missing' || error.code === 'data-mismatch'))
      return finish('FAILED', error.message);
    throw error;
  }
  const mounts: DataMount[] = [
    ...data.flatMap((entry) =>
      entry.hostPath === undefined ? [] : [{ path: entry.pointer.path, hostPath: entry.hostPath }],
    ),
    ...[...sampled].map(([dataset, hostPath]) => ({ path: dataset, hostPath })),
  ];
  report.data = [
    ...data.map((entry) => ({ path: entry.pointer.path, source: entry.pointer.source, note: entry.note })),
    ...[...sampled.keys()].map((dataset) => ({
      path: dataset,
      source: 'synthetic sample',
      note: "the bundle's synthetic sample stands in for the real data (smoke run)",
    })),
  ];
  phaseDone('data');
  cancelled();

  let image: BuiltImage;
  // A frozen bundle replays the author's image unless the reviewer asks for the recipe.
  const frozen = manifest.image !== null && options.rebuild !== true && options.baseImage === undefined;
  if (manifest.image !== null && !frozen)
    report.warnings = [
      ...(report.warnings ?? []),
      `The bundle carries the author's frozen image, which was not used: the image was built from the recipe, as asked${options.baseImage === undefined ? '' : ' (another base image was named)'}.`,
    ];
  if (frozen) {
    progress({ phase: 'build', message: "Checking and loading the author's frozen image" });
    try {
      image = await loadBundleImage(options, manifest.image as FrozenImage, bundleDir, workDir);
    } catch (error) {
      if (error instanceof ReproError && error.code.startsWith('frozen-image'))
        return finish('FAILED', `${error.message} ${error.fix ?? ''}`.trim());
      throw error;
    }
  } else {
    progress({ phase: 'build', message: 'Building the image' });
    const built = await buildFromRecipe(options, manifest, bundleDir, workDir, report);
    if ('failed' in built) return finish('FAILED', built.failed);
    image = built;
  }
  report.image = image.summary;
  report.buildLogTail = image.log.slice(-LOG_TAIL_LINES);
  phaseDone('build');
  cancelled();

  progress({ phase: 'run', message: `Running ${manifest.entrypoint?.command ?? 'the image'}` });
  // The build is done, so the extracted project can become the run's outputs folder (no copy).
  const outcome = await runBundleImage(
    options,
    manifest,
    bundleDir,
    path.join(workDir, 'outputs'),
    // A loaded image by its ID: Podman names loaded images localhost/<repository>.
    frozen ? image.summary.imageId : image.summary.tag,
    mounts,
    // The extraction is shared by later replays: the run gets its own copy of the project.
    digest === null ? 'move' : 'copy',
  );
  const { run, outputs } = outcome;
  report.run = outcome.report;
  phaseDone('run');

  progress({ phase: 'compare', message: 'Comparing the results' });
  const machine = await machineHardware(options.cacheDir).catch(() => null);
  report.machine = machine;
  report.hardware = diffHardware(manifest.hardware, machine ?? manifest.hardware ?? emptyHardware());
  // What the image's Python has, against the author's interpreter (read once per image).
  if ((manifest.environment.installed ?? null) !== null)
    report.packages = packageDifference(
      manifest.environment.installed,
      await imageDistributions(
        options.docker,
        { imageId: image.summary.imageId, ref: frozen ? image.summary.imageId : image.summary.tag },
        options.cacheDir,
        options.signal,
      ).catch(() => null),
    );
  const smoke = options.sample === true;
  const failed = (reason: string): ReplayReport =>
    finish(smoke ? 'SMOKE-FAILED' : 'FAILED', smoke ? `Smoke run on the synthetic samples: ${reason}` : reason);
  if (run.overQuota)
    return failed(
      `The run wrote more than ${formatBytes(outputsQuotaOf(options))} into its outputs folder, its quota, and was stopped.`,
    );
  if (run.timedOut)
    return failed(
      `The run was stopped after ${Math.round((options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS) / 1000)} s, its time limit.`,
    );
  if (run.oomKilled)
    return failed(
      `The run was killed by the kernel for using more memory than its limit (${formatBytes((options.limits ?? DEFAULT_LIMITS).memoryBytes)}): raise the memory limit and replay again.`,
    );
  if (run.exitCode !== 0) return failed(`The run exited with status ${run.exitCode}.`);
  if (manifest.results.metrics.length === 0 && !smoke)
    return finish(
      'FAILED',
      'The bundle records no results, so there is nothing to compare: it cannot be confirmed as reproduced.',
    );
  report.metrics = await compareAll(outputs, manifest, options.strictTolerances === true);
  const produced = new Set(report.metrics.filter((metric) => metric.obtained !== null).map((metric) => metric.file));
  const missingFiles = manifest.results.files.filter(
    (file) => !produced.has(file) && manifest.results.metrics.some((metric) => metric.file === file),
  );
  if (missingFiles.length > 0) return failed(`The run did not write ${missingFiles.join(', ')}.`);
  phaseDone('compare');
  if (smoke) {
    return finish(
      'SMOKE-PASSED',
      'The pipeline ran end to end on the synthetic samples and wrote its results; on synthetic data its metrics say nothing about reproducing the recorded ones.',
    );
  }
  const differing = report.metrics.filter((metric) => !metric.passed);
  return differing.length === 0
    ? finish('REPRODUCED', `All ${report.metrics.length} recorded metrics came out within their tolerances.`)
    : finish(
        'MISMATCH',
        `${differing.length} of ${report.metrics.length} metrics differ: ${differing.map((metric) => metric.name).join(', ')}.`,
      );
}

/**
 * The image from the bundle's recipe: the Dockerfile generated again from the manifest (the
 * shipped one only when the reviewer accepted its difference), built. `failed` says why not.
 */
async function buildFromRecipe(
  options: ReplayOptions,
  manifest: Manifest,
  bundleDir: string,
  scratchDir: string,
  report: ReplayReport,
): Promise<BuiltImage | { failed: string }> {
  const shipped = await readFile(path.join(bundleDir, DOCKERFILE_NAME), 'utf8');
  const expected = expectedDockerfile(manifest);
  if (shipped !== expected) {
    report.buildLogTail =
      expected === null
        ? [
            'The shipped Dockerfile, which this version cannot generate again:',
            ...shipped.split('\n').slice(0, LOG_TAIL_LINES),
          ]
        : [
            'The shipped Dockerfile differs from the one generated from the manifest (- generated, + shipped):',
            ...dockerfileDifference(expected, shipped).slice(0, LOG_TAIL_LINES),
          ];
    if (options.useShippedDockerfile !== true)
      return {
        failed:
          expected === null
            ? `The bundle was made by Dockerfile generator version ${manifest.replay.generator.version}, newer than this ReproBundle's (${GENERATOR_VERSION}), so its Dockerfile cannot be generated again here and was not built. Update ReproBundle, or read the shipped Dockerfile and replay with it only if you accept what it does.`
            : "The bundle's Dockerfile is not the one ReproBundle generates from its manifest, so it was not built. Read the difference; replay with the shipped Dockerfile only if you accept what it does.",
      };
    const problems = dockerfileProblems(shipped);
    if (problems.length > 0) return { failed: `The shipped Dockerfile may not be built: ${problems.join('; ')}.` };
    report.warnings = [
      ...(report.warnings ?? []),
      "Author build steps ran: the shipped Dockerfile, which differs from the generated one, was built at the reviewer's request.",
    ];
  }
  const authorSteps = authorBuildSteps(manifest.environment, manifest.replay.generator.version);
  if (authorSteps.length > 0)
    report.warnings = [...(report.warnings ?? []), `Author build steps ran: ${authorSteps.join('; ')}.`];
  try {
    return await buildBundleImage(options, manifest, bundleDir, scratchDir);
  } catch (error) {
    if (error instanceof BuildFailedError) {
      report.buildLogTail = error.log.slice(-LOG_TAIL_LINES);
      return { failed: error.message };
    }
    throw error;
  }
}

/** The author's frozen image, checked and loaded (freeze/load-image.ts): nothing pulled or built. */
async function loadBundleImage(
  options: ReplayOptions,
  image: FrozenImage,
  bundleDir: string,
  scratchDir: string,
): Promise<BuiltImage> {
  const log: string[] = [];
  const loaded = await loadFrozenImage(options.docker, image, bundleDir, {
    scratchDir,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onLog: (line) => {
      log.push(line);
      options.onLog?.('build', line);
    },
  });
  return {
    summary: {
      tag: loaded.tag,
      imageId: loaded.imageId,
      cached: loaded.cached,
      baseImage: image.config.digest,
      baseImageOverridden: false,
      source: 'frozen',
    },
    log: [
      `The author's frozen image ${image.config.digest} (${image.platform.os}/${image.platform.architecture}, ${image.layers.length} layers) was ${loaded.cached ? 'already on the engine' : 'loaded'}; nothing was pulled or built.`,
      `Its own settings (overridden by the manifest's command, user ${CONTAINER_UID} and folder ${PROJECT_DIR}): entrypoint ${JSON.stringify(loaded.config.entrypoint)}, cmd ${JSON.stringify(loaded.config.cmd)}, user ${JSON.stringify(loaded.config.user)}, folder ${JSON.stringify(loaded.config.workingDir)}.`,
      ...log,
    ],
  };
}

/** Unpacks a verified bundle into `target` (not cached: the file could not be hashed) and returns it. */
async function unpackInto(file: string, manifest: Manifest, target: string, options: UnpackOptions): Promise<string> {
  await unpackVerifiedBundle(file, manifest, target, options);
  return target;
}

/** Data the run sees read-only at a project-relative path. */
export interface DataMount {
  path: string;
  hostPath: string;
}

export interface BuiltImage {
  summary: NonNullable<ReplayReport['image']>;
  log: string[];
}

/** Builds (or reuses) the image of an extracted bundle; --base-image replaces the recorded FROM. */
export async function buildBundleImage(
  options: Pick<
    ReplayOptions,
    'docker' | 'baseImage' | 'buildTimeoutMs' | 'limits' | 'buildNetwork' | 'signal' | 'onLog'
  >,
  manifest: Manifest,
  bundleDir: string,
  /** When `bundleDir` is shared (a cached extraction): where a replaced base image's context is copied. */
  scratchDir?: string,
): Promise<BuiltImage> {
  const baseImage = options.baseImage ?? manifest.replay.baseImage.ref;
  let contextDir = bundleDir;
  // A frozen image's layers are no part of what the recipe builds from.
  const inContext = (name: string): boolean => `${name}/` !== IMAGE_FOLDER;
  if (options.baseImage !== undefined) {
    if (scratchDir !== undefined) {
      contextDir = path.join(scratchDir, 'context');
      await cp(bundleDir, contextDir, {
        recursive: true,
        filter: (source) => path.dirname(source) !== bundleDir || inContext(path.basename(source)),
      });
      await chmod(path.join(contextDir, DOCKERFILE_NAME), 0o644);
    }
    // With the project's own Dockerfile, the replay layer starts from the author's stage: the
    // reviewer's base image replaces that Dockerfile's FROM instead (buildAuthorStage).
    if (!hasAuthorStage(manifest)) await overrideBaseImage(path.join(contextDir, DOCKERFILE_NAME), options.baseImage);
  }
  const tag = replayImageTag(manifest, baseImage);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const buildOptions = {
    timeoutMs: options.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
    limits: { memoryBytes: limits.memoryBytes, cpus: limits.cpus },
    network: options.buildNetwork === false ? ('none' as const) : ('default' as const),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onLog: (line: string) => options.onLog?.('build', line),
  };
  const author = await buildAuthorStage(options, manifest, contextDir, buildOptions);
  const image = await buildImage(options.docker, {
    contextDir,
    files: (await readdir(contextDir)).filter(inContext),
    tag,
    ...buildOptions,
    ...(author === undefined ? {} : { buildArgs: { [AUTHOR_STAGE_ARG]: author.tag } }),
  });
  return {
    summary: {
      tag: image.tag,
      imageId: image.imageId,
      cached: image.cached,
      baseImage,
      baseImageOverridden: options.baseImage !== undefined,
      source: 'built',
    },
    log: [...(author?.log ?? []), ...image.log],
  };
}

/**
 * The project's own Dockerfile (generator version 3), built first from the project's files under
 * the same limits and network as the replay layer, checked again here (a signed manifest is
 * hostile input) and tagged from the manifest; undefined when the bundle has none. A reviewer's
 * base image replaces its FROM.
 */
async function buildAuthorStage(
  options: Pick<ReplayOptions, 'docker' | 'baseImage'>,
  manifest: Manifest,
  contextDir: string,
  buildOptions: Omit<Parameters<typeof buildImage>[1], 'contextDir' | 'files' | 'tag'>,
): Promise<{ tag: string; log: string[] } | undefined> {
  const own = manifest.environment.build?.dockerfile;
  if (!hasAuthorStage(manifest) || own === undefined || own === null) return undefined;
  const projectDir = path.join(contextDir, 'project');
  const dockerfile = path.join(projectDir, own.path);
  const problems = dockerfileProblems(await readFile(dockerfile, 'utf8'), { author: true });
  if (problems.length > 0)
    throw new BuildFailedError(`The project's own Dockerfile may not be built: ${problems.join('; ')}.`, []);
  if (options.baseImage !== undefined) {
    // `contextDir` is then this replay's own copy (buildBundleImage), never a shared extraction.
    await chmod(dockerfile, 0o644);
    await overrideBaseImage(dockerfile, options.baseImage, { last: true });
  }
  const tag = `${replayImageTag(manifest, options.baseImage ?? own.from).replace(/:/, ':author-')}`;
  const built = await buildImage(options.docker, {
    contextDir: projectDir,
    files: await readdir(projectDir),
    tag,
    ...buildOptions,
  });
  const line = `Author build steps: the project's own Dockerfile was ${built.cached ? 'already built' : 'built'} as the author's stage ${tag}.`;
  buildOptions.onLog?.(line);
  return { tag, log: [...built.log, line] };
}

/** One run of the image in the sandbox, on a fresh outputs folder; returns the run and where it wrote. */
export async function runBundleImage(
  options: Pick<
    ReplayOptions,
    'docker' | 'network' | 'limits' | 'runTimeoutMs' | 'outputsQuotaBytes' | 'signal' | 'onLog'
  >,
  manifest: Manifest,
  bundleDir: string,
  outputsDir: string,
  tag: string,
  data: readonly DataMount[],
  /** 'move' hands the extracted project itself to the run (one run); 'copy' keeps it for more runs. */
  project: 'move' | 'copy' = 'copy',
): Promise<{
  run: Awaited<ReturnType<typeof runContainer>>;
  outputs: string;
  report: NonNullable<ReplayReport['run']>;
}> {
  const outputs = await prepareOutputs(path.join(bundleDir, 'project'), outputsDir, manifest, project);
  const gpu = await gpuDecision(options.docker, manifest);
  let sandbox: Record<string, unknown> = {};
  const run = await runContainer(options.docker, {
    image: tag,
    // Entrypoint, command, user and folder come from the manifest, never from the image. What
    // the run writes is left removable by the reviewer (umask 0): it is written as another uid,
    // inside this replay's own 0700 folder, and `clean` must be able to delete it.
    entrypoint: RUN_ENTRYPOINT,
    command: [manifest.entrypoint?.command ?? "echo 'This bundle records no command to run.' >&2; exit 2"],
    user: `${CONTAINER_UID}:${CONTAINER_UID}`,
    workdir: PROJECT_DIR,
    env: { HOME: RUN_HOME, XDG_CACHE_HOME: `${RUN_HOME}/.cache` },
    mounts: [
      { source: outputs, target: PROJECT_DIR, readOnly: false },
      ...data.map((mount) => ({ source: mount.hostPath, target: `${PROJECT_DIR}/${mount.path}`, readOnly: true })),
    ],
    outputsQuota: { dir: outputs, maxBytes: outputsQuotaOf(options) },
    network: options.network === true,
    limits: options.limits ?? DEFAULT_LIMITS,
    timeoutMs: options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
    gpus: gpu.request,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onOutput: (_stream, text) => {
      for (const line of text.split('\n')) if (line !== '') options.onLog?.('run', line);
    },
    onInspect: (info) => (sandbox = describeSandbox(info)),
  });
  return {
    run,
    outputs,
    report: {
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      durationMs: run.durationMs,
      stdoutTail: tail(run.stdout),
      stderrTail: tail(run.stderr),
      gpu: gpu.note,
      sandbox,
    },
  };
}

/**
 * The metrics a run wrote into its outputs folder, by file and name. Why a file gave none (it is
 * missing, a link, not a regular file, too large, unparsable) goes into `problems` when given.
 */
export async function obtainedMetrics(
  outputs: string,
  files: Iterable<string>,
  problems?: Map<string, string>,
): Promise<Map<string, Map<string, string | number | boolean>>> {
  const byFile = new Map<string, Map<string, string | number | boolean>>();
  for (const file of new Set(files)) {
    // What the run wrote is untrusted: no link is followed, only regular files are read.
    const read = await readMetrics(outputs, file, undefined, { untrusted: true });
    byFile.set(file, new Map(read.metrics.map((metric) => [metric.name, metric.value])));
    const problem = read.findings[0]?.message;
    if (problem !== undefined) problems?.set(file, problem);
  }
  return byFile;
}

/** The run's own copy of the project, writable by the container user, without the recorded results. */
async function prepareOutputs(
  projectDir: string,
  outputs: string,
  manifest: Manifest,
  how: 'move' | 'copy',
): Promise<string> {
  if (how === 'move') await rename(projectDir, outputs);
  // Copy-on-write where the file system can (btrfs, XFS, APFS), a plain copy elsewhere.
  else await cp(projectDir, outputs, { recursive: true, mode: constants.COPYFILE_FICLONE });
  // Results files and stores (a folder such as mlruns/) alike: the run must write them anew.
  for (const file of manifest.results.files)
    await rm(path.join(outputs, ...file.split('/')), { recursive: true, force: true });
  // The folder sits inside this replay's 0700 folder, so only the container user gains access.
  await makeWritable(outputs);
  return outputs;
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o777);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(full);
    else await chmod(full, ((await stat(full)).mode & 0o111) !== 0 ? 0o777 : 0o666);
  }
}

/** Whether the bundle's environment is the project's own Dockerfile, built first (generator version 3 on). */
function hasAuthorStage(manifest: Manifest): boolean {
  return manifest.replay.generator.version >= 3 && (manifest.environment.build?.dockerfile ?? null) !== null;
}

/** Replaces the first FROM's image (or, with `last`, the last stage's: an author's multi-stage file). */
async function overrideBaseImage(dockerfile: string, ref: string, options: { last?: boolean } = {}): Promise<void> {
  const text = await readFile(dockerfile, 'utf8');
  const froms = [...text.matchAll(/^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/gim)];
  const target = options.last === true ? froms.at(-1) : froms[0];
  if (target?.index === undefined) return;
  const replaced = `# Base image replaced at replay time by the reviewer\n${target[1] ?? 'FROM '}${imageReference(ref)}`;
  await writeFile(dockerfile, text.slice(0, target.index) + replaced + text.slice(target.index + target[0].length));
}

async function gpuDecision(docker: Docker, manifest: Manifest): Promise<{ request: boolean; note: string }> {
  const recorded = manifest.hardware?.gpus.some((gpu) => /nvidia/i.test(gpu.vendor)) === true;
  if (!recorded) return { request: false, note: 'no GPU recorded; none requested' };
  const info = (await docker.info().catch(() => ({}))) as { Runtimes?: Record<string, unknown> };
  if (info.Runtimes !== undefined && 'nvidia' in info.Runtimes)
    return { request: true, note: 'the author used an NVIDIA GPU; all GPUs requested' };
  return {
    request: false,
    note: 'The author used an NVIDIA GPU but this Docker engine offers none: results may differ, or the run may fail.',
  };
}

async function compareAll(outputs: string, manifest: Manifest, strictTolerances: boolean): Promise<MetricComparison[]> {
  const problems = new Map<string, string>();
  const fromFiles = manifest.results.metrics.filter((metric) => metric.source === 'file');
  const byFile = await obtainedMetrics(
    outputs,
    fromFiles.map((metric) => metric.file),
    problems,
  );
  // Format v2's typed stores: the latest run the replay's own run logged (the author's store was
  // removed before it ran), read without following links.
  const stores = new Map<string, Map<string, number>>();
  for (const metric of manifest.results.metrics)
    if (metric.source !== 'file' && !stores.has(`${metric.source}:${metric.file}`)) {
      const read = await readStore(outputs, metric.source, metric.file);
      stores.set(`${metric.source}:${metric.file}`, read);
      if (read.size === 0)
        problems.set(metric.file, `the run logged no ${metric.source} run with metrics in ${metric.file}`);
    }
  return manifest.results.metrics.map((metric) => {
    const obtained =
      metric.source === 'file'
        ? byFile.get(metric.file)?.get(metric.name)
        : stores.get(`${metric.source}:${metric.file}`)?.get(metric.name);
    const comparison = compareMetric(metric, obtained, { strictTolerances });
    const problem = problems.get(metric.file);
    return comparison.obtained === null && problem !== undefined
      ? { ...comparison, reason: `${comparison.reason}: ${problem}` }
      : comparison;
  });
}

function describeSandbox(info: Docker.ContainerInspectInfo): Record<string, unknown> {
  const host = info.HostConfig as Docker.HostConfig & {
    ReadonlyRootfs?: boolean;
    CapDrop?: string[];
    SecurityOpt?: string[];
  };
  return {
    user: info.Config.User,
    entrypoint: info.Config.Entrypoint,
    command: info.Config.Cmd,
    workingDir: info.Config.WorkingDir,
    networkMode: host.NetworkMode,
    readOnlyRootFilesystem: host.ReadonlyRootfs,
    capDrop: host.CapDrop,
    securityOpt: host.SecurityOpt,
    memoryBytes: host.Memory,
    nanoCpus: host.NanoCpus,
    pidsLimit: host.PidsLimit,
    mounts: info.Mounts.map((mount) => `${mount.Destination} (${mount.RW ? 'read-write' : 'read-only'})`),
  };
}

function tail(text: string): string {
  return text.split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

function emptyHardware(): NonNullable<Manifest['hardware']> {
  return {
    cpu: { manufacturer: '', model: 'unknown', cores: 0, physicalCores: 0, speedGHz: null, flags: [] },
    memoryBytes: 0,
    gpus: [],
    os: { platform: '', distro: '', release: '', kernel: '', arch: '', hostname: '' },
    cuda: null,
    python: null,
  };
}
