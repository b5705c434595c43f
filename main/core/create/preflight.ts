// Pre-flight (`create --preflight [--runs N]`): before signing, build the bundle's image and run
// it N times in the replay sandbox, so the author knows it replays before sending it. The first
// run's results are the ones recorded; with N ≥ 2, metrics that vary between runs are reported
// and tolerances proposed from their spread. Before the runs, every proposed command is checked in
// the image without running it (runnable-check.ts); the chosen one must pass.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DOCKERFILE_NAME } from '../../shared/layout';
import type Docker from 'dockerode';
import { createBundle, type CreateOptions } from './create-bundle';
import { type ToleranceOverride } from '../../shared/views';
import { ReproError } from '../errors';
import { optional } from '../../shared/optional';
import { buildBundleImage, obtainedMetrics, runBundleImage } from '../replay/replay-bundle';
import { BuildFailedError } from '../docker/build-image';
import { freshWorkFolder, unpackVerifiedBundle } from '../open/extract-bundle';
import { resolveData } from '../replay/resolve-data';
import type { RunnableCheck } from '../../shared/manifest';
import { checkRunnable } from './runnable-check';

export interface PreflightOptions {
  create: Omit<CreateOptions, 'output' | 'resultsDir' | 'preflight' | 'requireResults'>;
  docker: Docker;
  runs: number;
  workRoot: string;
  cacheDir: string;
  dataDir?: string;
  /** A local DVC remote the author named (resolve-data.ts). */
  dvcRemoteDir?: string;
  runTimeoutMs?: number;
  /** Cancels the draft, the build and the runs. */
  signal?: AbortSignal;
  onLog?: (source: 'build' | 'run', line: string) => void;
}

export interface MetricVariation {
  name: string;
  file: string;
  min: number;
  max: number;
}

export interface PreflightResult {
  /** Outputs of the first run: the results files to record. */
  outputsDir: string;
  runs: number;
  /** How long each run took. */
  durationsMs: number[];
  /** What the first run wrote, as the bundle will record it. */
  metrics: { file: string; name: string; value: string | number | boolean }[];
  varying: MetricVariation[];
  /** max − min, doubled for a margin, for each metric that varied. */
  proposedTolerances: ToleranceOverride[];
  /** The proposed commands, checked in the built image (the chosen one passed, or pre-flight failed). */
  entrypoints: RunnableCheck[];
  /** The image the runs used and the Dockerfile it was built from (`--freeze` saves it instead of building again). */
  image: { tag: string; dockerfile: string };
}

export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
  const workDir = await freshWorkFolder(options.workRoot, 'preflight');
  // A draft bundle, exactly as `create` would write it, to build and run from.
  const draft = await createBundle({
    ...options.create,
    ...optional('signal', options.signal),
    output: path.join(workDir, 'draft.rbundle'),
    requireResults: false,
  });
  if (draft.manifest.results.files.length === 0) {
    throw new ReproError({
      code: 'preflight-no-results',
      kind: 'usage',
      message: 'Pre-flight needs to know which files hold the results, and none were found.',
      fix: 'Name the results files (e.g. metrics.json).',
      inputs: ['resultsFiles'],
    });
  }
  const bundleDir = path.join(workDir, 'bundle');
  await unpackVerifiedBundle(draft.file, draft.manifest, bundleDir);
  // The pipeline's inputs are in the folder being bundled: read from there unless told otherwise.
  const data = await resolveData(draft.manifest.dataPointers, {
    cacheDir: options.cacheDir,
    dataDir: options.dataDir ?? options.create.projectDir,
    ...(options.dvcRemoteDir === undefined ? {} : { dvcRemoteDir: options.dvcRemoteDir }),
  });
  let image;
  try {
    image = await buildBundleImage(
      { docker: options.docker, ...optional('signal', options.signal), ...optional('onLog', options.onLog) },
      draft.manifest,
      bundleDir,
    );
  } catch (error) {
    if (error instanceof BuildFailedError) {
      throw new ReproError({
        code: 'preflight-build-failed',
        // The log's last lines, less the error line the message already says.
        message: [
          `Pre-flight: ${error.message}`,
          ...error.log.filter((line) => !line.startsWith('ERROR: ')).slice(-15),
        ].join('\n'),
        fix: error.fix,
      });
    }
    throw error;
  }

  // Every proposed command checked in the image without running it; the chosen one must pass.
  const chosen = draft.manifest.entrypoint?.command;
  const entrypoints = await checkRunnable(
    options.docker,
    image.summary.tag,
    [
      ...new Set([
        ...(chosen === undefined ? [] : [chosen]),
        ...draft.manifest.entrypointProposals.map((p) => p.command),
      ]),
    ],
    options.signal,
  );
  const failed = entrypoints.find((check) => check.command === chosen && !check.runnable);
  if (failed !== undefined) {
    const others = entrypoints.filter((check) => check.runnable).map((check) => `\`${check.command}\``);
    throw new ReproError({
      code: 'preflight-not-runnable',
      message: `Pre-flight: the command \`${failed.command}\` cannot run in the built image (checked without running it):\n${failed.detail}`,
      fix:
        others.length === 0
          ? 'Fix what the check names (a missing file or program, a syntax error under the image’s Python), then create again.'
          : `Fix what the check names, or choose a command that passed the same check: ${others.join(', ')}.`,
      inputs: ['command'],
    });
  }

  const values: Map<string, number[]>[] = [];
  let firstOutputs = '';
  let metrics: PreflightResult['metrics'] = [];
  const durationsMs: number[] = [];
  for (let index = 0; index < options.runs; index += 1) {
    const outcome = await runBundleImage(
      {
        docker: options.docker,
        ...optional('runTimeoutMs', options.runTimeoutMs),
        ...optional('signal', options.signal),
        ...optional('onLog', options.onLog),
      },
      draft.manifest,
      bundleDir,
      path.join(workDir, `run-${index + 1}`),
      image.summary.tag,
      data.flatMap((entry) =>
        entry.hostPath === undefined ? [] : [{ path: entry.pointer.path, hostPath: entry.hostPath }],
      ),
    );
    if (outcome.run.timedOut || outcome.run.exitCode !== 0) {
      throw new ReproError({
        code: 'preflight-run-failed',
        message: `Pre-flight run ${index + 1} of ${options.runs} ${outcome.run.timedOut ? 'timed out' : `exited with status ${outcome.run.exitCode}`}; the bundle was not written.\n${outcome.report.stderrTail.split('\n').slice(-15).join('\n')}`,
        fix: 'Make the command run in a clean container (missing dependency, data or file?), then create again.',
      });
    }
    durationsMs.push(outcome.run.durationMs);
    if (index === 0) {
      firstOutputs = outcome.outputs;
      const byFile = await obtainedMetrics(outcome.outputs, draft.manifest.results.files);
      metrics = [...byFile].flatMap(([file, values]) => [...values].map(([name, value]) => ({ file, name, value })));
    }
    values.push(await numericResults(outcome.outputs, draft.manifest.results.files));
  }

  const varying: MetricVariation[] = [];
  for (const key of values[0]?.keys() ?? []) {
    const seen = values.flatMap((run) => run.get(key) ?? []);
    const min = Math.min(...seen);
    const max = Math.max(...seen);
    const [file = '', name = ''] = key.split('\u0000');
    if (max !== min) varying.push({ name, file, min, max });
  }
  return {
    outputsDir: firstOutputs,
    entrypoints,
    image: {
      tag: image.summary.tag,
      dockerfile: await readFile(path.join(bundleDir, DOCKERFILE_NAME), 'utf8'),
    },
    runs: options.runs,
    durationsMs,
    metrics,
    varying,
    proposedTolerances: varying.map((variation) => ({
      metric: `${variation.file}:${variation.name}`,
      absolute: 2 * (variation.max - variation.min),
    })),
  };
}

/** Every numeric value in the run's results files, keyed by file and metric name. */
async function numericResults(outputs: string, files: readonly string[]): Promise<Map<string, number[]>> {
  const byFile = await obtainedMetrics(outputs, files);
  const values = new Map<string, number[]>();
  for (const [file, metrics] of byFile) {
    for (const [name, value] of metrics) if (typeof value === 'number') values.set(`${file}\u0000${name}`, [value]);
  }
  return values;
}

/**
 * What a pre-flight changes in the bundle then written: its first run's results, the tolerances
 * proposed from the spread (before the author's own, so theirs win) and the record of the runs.
 */
export function afterPreflight(
  result: PreflightResult,
  authorTolerances: readonly ToleranceOverride[],
): Pick<CreateOptions, 'resultsDir' | 'tolerances' | 'preflight'> {
  return {
    resultsDir: result.outputsDir,
    tolerances: [...result.proposedTolerances, ...authorTolerances],
    preflight: {
      runs: result.runs,
      varying: result.varying,
      durationsMs: result.durationsMs,
      entrypoints: result.entrypoints,
    },
  };
}
