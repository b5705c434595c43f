// Handlers for the Create wizard: scan a project, preview its Dockerfile, try a synthetic
// sample, run a pre-flight in a container, and write the signed bundle. The wizard's answers
// arrive as one `content` object, turned here into the core's CreateOptions.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import type { OperationResponse, ValidatedRequest } from '../contract/operations';
import { GENERATOR_VERSION, type Manifest } from '../shared/manifest';
import { signingKeyFor } from './signing-key';
import { createBundle, type CreateOptions } from '../core/create/create-bundle';
import { type ToleranceOverride } from '../shared/views';
import { ReproError } from '../core/errors';
import { refuseExistingOutput } from '../core/files/output-target';
import { optional } from '../shared/optional';
import { resolveBaseImage } from '../core/recipes/base-image';
import { generateDockerfile } from '../core/recipes/dockerfile';
import { authorBuildSteps, installPlan } from '../core/recipes/install-plan';
import { afterPreflight, preflight, type PreflightResult } from '../core/create/preflight';
import { scanProject } from '../core/scan/scan-project';
import { formatFingerprint } from '../shared/format';
import { ephemeralSigningKey, type SigningKey } from '../core/signing/keys';
import { synthesize } from '../core/synth/synthesize';
import type { EngineContext } from '../core/engine';
import type { GroupOperations } from './handler-groups';
import type { HandlerContext, HandlerGroup } from './handler-types';

type ProjectOperations = GroupOperations<'project'>;
type BundleContent = ValidatedRequest<'createBundle'>['content'];
type ValidatedResponse = OperationResponse<'createBundle'>;

export function projectHandlers(context: EngineContext): HandlerGroup<ProjectOperations> {
  // Pre-flight results by id, until the bundle is written: the wizard runs it on one step and
  // signs on the next, and the outputs it recorded must be the ones bundled.
  const preflights = new Map<string, PreflightResult>();

  return {
    scanProject: async (request, { signal, progress }) => {
      const scan = await scanProject(request.projectDir, {
        exclude: request.exclude,
        ...optional('results', request.results),
        ...optional('largeFileBytes', megabytes(request.largeFileMB)),
        readContents: true,
        hardware: request.hardware,
        signal,
        onProgress: (phase, done, total, message) =>
          progress({ phase, done, ...optional('total', total), unit: 'files', ...optional('message', message) }),
      });
      // The contract's view: the files as plain entries (the scan keeps them as columns).
      return { ...scan, files: scan.files.toJSON() };
    },
    previewDockerfile: async (request) => {
      const { docker } = await context.engine();
      const baseImage = await resolveBaseImage(request.environment, request.baseImage, docker);
      const plan = installPlan(request.environment);
      const own = (request.environment.build?.dockerfile ?? null) !== null;
      return {
        plan: {
          recipe: own ? 'the project’s own Dockerfile' : plan.recipe,
          authorSteps: authorBuildSteps(request.environment, GENERATOR_VERSION),
          notInstalled: own ? [] : plan.unsupported,
        },
        dockerfile: generateDockerfile({
          baseImage,
          environment: request.environment,
          command: request.command,
          projectName: request.projectName,
        }),
        baseImage,
      };
    },
    synthesizeSample: async (request, { signal }) => {
      const input = insideProject(request.projectDir, request.dataset);
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'reprobundle-sample-'));
      try {
        // The same defaults `create` uses, so the report shown is the one the bundle will carry.
        const report = await synthesize({
          input,
          output: path.join(scratch, path.basename(input)),
          signal,
          ...optional('rows', request.rows),
        });
        return {
          dataset: request.dataset,
          rows: report.options.rows,
          realRows: report.realRows,
          fidelity: report.fidelity,
        };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
    preflightRun: async (request, handler) => {
      const docker = await context.reachableEngine();
      handler.progress({ phase: 'build', message: 'Writing a draft bundle and building its image' });
      const result = await preflight({
        create: createOptions(request.content, ephemeralSigningKey('pre-flight draft'), docker, handler),
        docker,
        runs: request.runs,
        workRoot: context.workRoot(),
        cacheDir: context.cacheDir(),
        signal: handler.signal,
        ...optional('dataDir', request.dataDir === undefined ? undefined : path.resolve(request.dataDir)),
        ...optional(
          'dvcRemoteDir',
          request.dvcRemoteDir === undefined ? undefined : path.resolve(request.dvcRemoteDir),
        ),
        onLog: (source, line) => handler.progress({ phase: source, log: { source, line } }),
      });
      const preflightId = randomUUID();
      preflights.set(preflightId, result);
      const { outputsDir: _outputs, image: _image, ...shown } = result;
      return { preflightId, ...shown };
    },
    createBundle: async (request, handler) => {
      const output = path.resolve(request.output);
      await refuseExistingOutput(output, request.overwrite);
      const checked = request.preflightId === undefined ? undefined : preflights.get(request.preflightId);
      if (request.preflightId !== undefined && checked === undefined) {
        throw new ReproError({
          code: 'preflight-expired',
          kind: 'usage',
          message: 'The pre-flight run this bundle refers to is no longer known (the app was restarted).',
          fix: 'Run the pre-flight again, or sign without it.',
        });
      }
      const key = await signingKeyFor(context, request);
      const { docker } = await context.engine();
      const result = await createBundle({
        ...createOptions(request.content, key, docker, handler),
        output,
        replace: request.overwrite,
        ...optional('sourceDateEpoch', request.sourceDateEpoch),
        ...(checked === undefined ? {} : afterPreflight(checked, tolerancesOf(request.content))),
        ...(request.freeze
          ? {
              freeze: {
                docker: await context.reachableEngine(),
                workRoot: context.workRoot(),
                ...optional('prebuilt', checked?.image),
                onLog: (line: string) => handler.progress({ phase: 'build', log: { source: 'build', line } }),
              },
            }
          : {}),
      });
      if (request.preflightId !== undefined) preflights.delete(request.preflightId);
      const signer = result.manifest.signer;
      return {
        file: result.file,
        bytes: result.bytes,
        files: result.files,
        signer: {
          name: signer.name,
          fingerprint: signer.fingerprint,
          fingerprintDisplay: formatFingerprint(signer.fingerprint),
        },
        entrypoint: result.manifest.entrypoint,
        metrics: result.manifest.results.metrics,
        baseImagePresent: result.baseImagePresent,
        warnings: result.warnings,
        frozenImage: result.manifest.image,
        summary: summaryOf(result.manifest),
      };
    },
  };
}

function createOptions(
  content: BundleContent,
  key: SigningKey,
  docker: Docker,
  handler: HandlerContext,
): Omit<CreateOptions, 'output'> {
  return {
    projectDir: content.projectDir,
    key,
    docker,
    pointers: content.pointers,
    exclude: content.exclude,
    allowSecrets: content.allowSecrets,
    tolerances: tolerancesOf(content),
    extras: content.extras,
    samples: content.samples,
    sampleAll: content.sampleAll,
    hardware: content.hardware,
    signal: handler.signal,
    onProgress: handler.progress,
    ...optional('run', content.run),
    ...optional('results', content.results),
    ...optional('baseImage', content.baseImage),
    ...optional('requirements', content.requirements),
    ...optional('largeFileBytes', megabytes(content.largeFileMB)),
  };
}

function summaryOf(manifest: Manifest): ValidatedResponse['summary'] {
  return {
    resultsFiles: manifest.results.files,
    dataPointers: manifest.dataPointers.length,
    exclusions: manifest.exclusions.length,
    secretOverrides: manifest.secretOverrides.length,
    samples: manifest.samples.map((sample) => ({
      dataset: sample.dataset,
      rows: sample.rows,
      summary: sample.summary,
    })),
    preflight:
      manifest.preflight === null
        ? null
        : {
            runs: manifest.preflight.runs,
            varying: manifest.preflight.varying.map(({ name, min, max }) => ({ name, min, max })),
            entrypoints: manifest.preflight.entrypoints ?? [],
          },
  };
}

function tolerancesOf(content: BundleContent): ToleranceOverride[] {
  return content.tolerances.map((tolerance) => ({
    metric: tolerance.metric,
    ...optional('absolute', tolerance.absolute),
    ...optional('relative', tolerance.relative),
  }));
}

function megabytes(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 1024 * 1024);
}

/** A project-relative path that must stay inside the project (the UI sends what the scan listed). */
function insideProject(projectDir: string, relative: string): string {
  const root = path.resolve(projectDir);
  const target = path.resolve(root, relative);
  const rel = path.relative(root, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ReproError({
      code: 'outside-project',
      kind: 'usage',
      message: `${relative} is not a file inside ${root}.`,
      fix: 'Pick one of the datasets the scan listed.',
      file: relative,
    });
  }
  return target;
}
